#pragma once
// The monthly cost of a project stage for one firm (docs/model.md 3.6). Research stages
// cost the same for every firm; industrial scale-up stages (from
// innovation.scaleup_from_trl on: pilot lines, certification, the first series) grow
// with the firm's size, so an anchor's scale-up costs tens to hundreds of mln RUB.
#include <algorithm>
#include <cmath>
#include <cstddef>

#include "models/finance/money.hpp"
#include "models/world.hpp"
#include "sim/power.hpp"

namespace clustersim {

// Stage (0-based, TRL - 1) of industrial scale-up: from innovation.scaleup_from_trl on.
inline bool is_scaleup_stage(const World& world, int stage) {
  return stage + 1 >= world.parameters().scaleup_from_trl;
}

// `stage` is the 0-based TRL stage (TRL - 1).
inline double project_stage_cost(const World& world, int i, int stage) {
  const auto& p = world.parameters();
  const double base = p.stage_cost[std::size_t(stage)];
  if (!is_scaleup_stage(world, stage) || p.scaleup_size_elasticity == 0) return base;
  const double size =
      std::max(1.0, world.firms.employees[std::size_t(i)] / p.scaleup_reference_employees);
  return base * power(size, p.scaleup_size_elasticity);
}

// Firm i's cash above its target buffer, less loan money earmarked for its project: what
// it can spend without touching working capital.
inline double free_cash(const World& world, int i) {
  const auto& f = world.firms;
  const auto n = std::size_t(i);
  return std::max(0.0, f.cash[n] - f.earmarked[n] - cash_buffer(world, i));
}

// Retained earnings firm i can put into `stage` (0-based): cash above its buffer, less
// loan money earmarked for its project, after the R&D budget and grants (internal funds
// before outside money: the pecking order, Myers and Majluf 1984). Every stage may draw on
// them (issue 25: a stage stalls only when neither retained earnings, credit nor public
// money can pay it); bank credit is for the scale-up stages only.
inline double retained_for_stage(const World& world, int i, int /*stage*/) {
  return free_cash(world, i);
}

// What firm i's project still costs until it is complete at full pace: the rest of the
// current stage and every later stage (the budget of the project an IDF loan finances).
inline double project_remaining_cost(const World& world, int i) {
  const auto& p = world.parameters();
  const auto n = std::size_t(i);
  const int stage = world.firms.project_trl[n] - 1;
  if (stage < 0) return 0.0;
  double rest = (1.0 - std::min(1.0, world.firms.project_progress[n])) *
                p.stage_months[std::size_t(stage)] * project_stage_cost(world, i, stage);
  for (int s = stage + 1; s < 9; ++s)
    rest += p.stage_months[std::size_t(s)] * project_stage_cost(world, i, s);
  return rest;
}

}  // namespace clustersim
