#pragma once
// The monthly cost of a project stage for one firm (docs/model.md 3.6). Research stages
// cost the same for every firm; industrial scale-up stages (from
// innovation.scaleup_from_trl on: pilot lines, certification, the first series) grow
// with the firm's size, so an anchor's scale-up costs tens to hundreds of mln RUB.
#include <algorithm>
#include <cmath>
#include <cstddef>

#include "models/world.hpp"

namespace clustersim {

// `stage` is the 0-based TRL stage (TRL - 1).
inline double project_stage_cost(const World& world, int i, int stage) {
  const auto& p = world.parameters();
  const double base = p.stage_cost[std::size_t(stage)];
  if (stage + 1 < p.scaleup_from_trl || p.scaleup_size_elasticity == 0) return base;
  const double size =
      std::max(1.0, world.firms.employees[std::size_t(i)] / p.scaleup_reference_employees);
  return base * std::pow(size, p.scaleup_size_elasticity);
}

}  // namespace clustersim
