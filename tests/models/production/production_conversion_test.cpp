// Dual use: defence capacity freed by a cut in the defence budget idles until converted
// to civilian lines, at a pace limited by workforce competence and sector demand
// (production.cpp, convert_defence_capacity; docs/model.md 3.3).
#include <gtest/gtest.h>

#include <string>

#include "models/cluster_model.hpp"
#include "models/demography/population.hpp"
#include "models/finance/money.hpp"
#include "models/phases.hpp"
#include "models/scenario/scenario_loader.hpp"
#include "sim/simulation.hpp"

namespace clustersim {
namespace {

// Three dual-use plants (aircraft, defence share 0.8) and ten civilian suppliers; no
// innovation (no new products move the defence share), no shocks and no exits for low
// profit (idle staff make losses), so a run differs from another with the same seed only
// by the mechanism under test.
std::string dual_use_scenario(const std::string& extra = "") {
  return R"(name = "dual_use"
seed = 11
replications = 1
domains = ["aerospace", "materials"]

[calendar]
start = "2015-01"
end = "2019-12"

[[sectors]]
name = "aircraft"
demand_growth = 0

[[sectors]]
name = "components"

[[clusters]]
name = "city"

[[firms]]
name = "plants"
cluster = "city"
sector = "aircraft"
count = 3
employees_min = 800
employees_max = 1200
dual_use = true
defence_share = 0.8
knowledge = { aerospace = 1.0, materials = 0.6 }
competence = { aerospace = 0.6, materials = 0.5 }

[[firms]]
name = "suppliers"
cluster = "city"
sector = "components"
count = 10
knowledge = { aerospace = 0.3, materials = 0.6 }

[[funders]]
name = "mod"
kind = "defence_orders"
annual_budget = 0

[parameters.innovation]
start_rate = 0

[parameters.production]
demand_shock = 0
cost_shock = 0

[parameters.demography]
exit_min_margin = -10
)" + extra;
}

struct DualUse {
  double civilian = 0, idle = 0;
};

DualUse dual_use_totals(const World& world) {
  const auto& f = world.firms;
  DualUse t;
  for (int i = 0; i < f.capacity; ++i) {
    const auto n = std::size_t(i);
    if (!f.alive[n] || !f.dual_use[n]) continue;
    t.civilian += f.revenue[n] - f.defence_revenue[n];
    t.idle += f.idle_defence[n];
  }
  return t;
}

double defence_room(const World& world) {
  const auto& f = world.firms;
  double room = 0;
  for (int i = 0; i < f.capacity; ++i) {
    const auto n = std::size_t(i);
    if (f.alive[n] && f.dual_use[n])
      room += f.defence_share[n] * f.employees[n] *
              world.scenario().sectors[std::size_t(f.sector[n])].revenue_per_employee *
              f.productivity[n];
  }
  return room;
}

struct CutRun {
  DualUse before, just_after, later;
  double converted = 0;
  double price_before = 0, price_after = 0;  // the plants' sector, cut + 6 months
};

// Orders fill the plants' defence room for a year, then halved for three years.
CutRun run_cut(double rate) {
  const Scenario scenario =
      load_scenario_text(dual_use_scenario(), "dual_use.toml",
                         {"parameters.defence.conversion_rate=" + std::to_string(rate)});
  const auto model = cluster_model(scenario);
  World world = model.build(0);
  world.funders.annual_budget[0] = 12 * defence_room(world);
  CutRun run;
  for (int m = 0; m < 12; ++m) step_month(model, world);
  run.before = dual_use_totals(world);
  world.funders.annual_budget[0] /= 2;
  step_month(model, world);
  run.just_after = dual_use_totals(world);
  run.price_before = world.environment.sector_price[0];
  for (int m = 0; m < 35; ++m) {
    step_month(model, world);
    if (m == 5) run.price_after = world.environment.sector_price[0];
  }
  run.later = dual_use_totals(world);
  run.converted = world.running.converted;
  return run;
}

TEST(Conversion, halved_defence_orders_raise_civilian_output_only_through_conversion) {
  const CutRun idle = run_cut(0.0);
  const CutRun converting = run_cut(0.05);
  // The cut frees capacity that sits idle at first, whatever the pace.
  EXPECT_GT(idle.just_after.idle, 0.2 * idle.before.civilian);
  EXPECT_NEAR(converting.just_after.idle, idle.just_after.idle, 0.1 * idle.just_after.idle);
  // Without conversion nothing converts and civilian sales do not grow.
  EXPECT_EQ(idle.converted, 0.0);
  EXPECT_LT(idle.later.civilian, idle.before.civilian);
  // Idle capacity is not offered to civilians, so it does not press the sector's price.
  EXPECT_GT(idle.price_after, 0.99 * idle.price_before);
  // With conversion civilian sales three years on exceed those before the cut and those
  // of the run where freed capacity stays idle.
  EXPECT_GT(converting.converted, 0.0);
  EXPECT_GT(converting.later.civilian, 1.1 * converting.before.civilian);
  EXPECT_GT(converting.later.civilian, 1.2 * idle.later.civilian);
}

// One production phase from the built world with idle capacity set by hand on plant 0
// (no orders: budget 0). Returns the capacity converted; `saturation` is the sector's
// capacity offered last month over its demand (1: demand buys all).
struct OneMonth {
  double converted = 0, demand_added = 0, idle_left = 0;
};

OneMonth convert_once(double competence, double saturation) {
  const Scenario scenario = load_scenario_text(dual_use_scenario(), "dual_use.toml");
  World world = build_world(scenario, 0);
  auto& f = world.firms;
  for (int d = 0; d < f.domains; ++d) f.competence(0, d) = competence;
  f.idle_defence[0] = 10.0;
  auto& e = world.environment;
  const double demand_before = e.sector_demand[0];
  e.sector_capacity[0] = saturation * demand_before;  // price 1 at the start
  production_phase(world);
  return {world.running.converted, e.sector_demand[0] - demand_before, f.idle_defence[0]};
}

TEST(Conversion, pace_is_limited_by_workforce_competence) {
  const auto& p = load_scenario_text(dual_use_scenario(), "dual_use.toml").parameters;
  const OneMonth low = convert_once(0.3, 1.0);
  const OneMonth high = convert_once(0.6, 1.0);
  EXPECT_NEAR(high.converted, p.conversion_rate * 0.6 * 10.0, 1e-12);
  EXPECT_NEAR(low.converted, 0.5 * high.converted, 1e-12);
}

TEST(Conversion, pace_is_limited_by_demand_and_converted_lines_bring_customers) {
  const auto& p = load_scenario_text(dual_use_scenario(), "dual_use.toml").parameters;
  const OneMonth open = convert_once(0.6, 1.0);
  const OneMonth saturated = convert_once(0.6, 2.0);  // twice the capacity demand buys
  EXPECT_NEAR(saturated.converted, 0.5 * open.converted, 1e-12);
  // Part of what converts finds new domestic customers (no exports in this scenario).
  EXPECT_NEAR(open.demand_added, p.conversion_demand * open.converted, 1e-12);
  EXPECT_GT(open.demand_added, 0.0);
}

}  // namespace
}  // namespace clustersim
