// Issue 9, firm economics: wage indexation, free entry, owners' exit review and the cost of
// industrial scale-up. Each test states the sign of its rule and fails when the rule is
// switched off or reversed.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "model_fixtures.hpp"
#include "models/cluster_model.hpp"
#include "models/money.hpp"
#include "models/phases.hpp"
#include "models/project_cost.hpp"
#include "support/test_support.hpp"

namespace clustersim::testing {
namespace {

Scenario tutorial(std::vector<std::string> overrides) {
  return load_scenario_file(source_path("scenarios/tutorial.toml"), overrides);
}

// Runs `months` months of replication 0 and returns the world.
World run_months(const Scenario& scenario, int months) {
  const auto model = cluster_model(scenario);
  World world = model.build(0);
  for (int m = 0; m < months; ++m) step_month(model, world);
  return world;
}

// Wages rise with the sector price once a year (December), and not at all when
// indexation is off. Excess demand (demand_ratio 1.5) makes the price rise.
TEST(FirmEconomics, wages_follow_prices_once_a_year_and_stay_fixed_without_indexation) {
  const std::vector<std::string> common{"sectors.0.demand_ratio=1.5",
                                        "parameters.production.wage_productivity_indexation=0"};
  auto indexed = common;
  indexed.push_back("parameters.production.wage_price_indexation=1");
  auto fixed = common;
  fixed.push_back("parameters.production.wage_price_indexation=0");
  const Scenario with = tutorial(indexed);
  ASSERT_EQ(with.calendar.start.month, 1) << "the test counts months from January";
  // Eleven months in: the price has risen, but December's indexation has not come.
  World before = run_months(with, 11);
  ASSERT_GT(mean_sector_price(before), 1.02);
  EXPECT_EQ(current_wage(before), with.parameters.wage);
  World after = run_months(with, 12);
  EXPECT_NEAR(current_wage(after), with.parameters.wage * mean_sector_price(after), 1e-12);
  World off = run_months(tutorial(fixed), 24);
  EXPECT_EQ(current_wage(off), with.parameters.wage);
}

// Free entry: a cluster whose firms earn more than the reference margin draws more
// entrants than one whose firms earn less (same seeds, only the reference moves).
TEST(FirmEconomics, entry_rises_with_profitability_relative_to_the_normal_margin) {
  auto entries = [](const char* reference) {
    const MetricTable table = run_model(
        tutorial({"replications=8", "clusters.0.entry_rate=0.1",
                  std::string("parameters.demography.entry_reference_margin=") + reference}));
    const int metric = table.index_of("entries");
    double sum = 0;
    for (int r = 0; r < table.replications(); ++r)
      for (int c = 0; c < table.columns(); ++c) sum += table.at(metric, r, c);
    return sum;
  };
  EXPECT_GT(entries("-0.2"), 1.5 * entries("0.2"));
}

// Owners close a loss-making firm at its review only with exit_review_probability:
// 0 keeps every such firm, 1 closes every one.
TEST(FirmEconomics, exit_review_probability_decides_whether_a_loss_making_firm_closes) {
  for (const double chance : {0.0, 1.0}) {
    auto scenario = minimal_scenario();
    scenario.clusters[0].entry_rate = 0;
    scenario.parameters.spinoff_rate = 0;
    scenario.parameters.startup_probability = 0;
    scenario.parameters.exit_review_probability = chance;
    World world = build_world(scenario, 0);
    auto& f = world.firms;
    const auto& p = world.parameters();
    for (int i = 0; i < f.capacity; ++i) {
      if (!f.alive[std::size_t(i)]) continue;
      f.profit_margin[std::size_t(i)] = p.exit_min_margin - 0.05;
      f.margin_months[std::size_t(i)] = std::int16_t(p.profit_memory_months);
    }
    int alive_before = 0;
    for (auto a : f.alive) alive_before += a;
    for (int month = 0; month < 12; ++month, ++world.step) demography_phase(world);
    int alive_after = 0;
    for (auto a : f.alive) alive_after += a;
    if (chance == 0.0)
      EXPECT_EQ(alive_after, alive_before);
    else
      EXPECT_EQ(alive_after, 0);
  }
}

// Research stages cost the same for every firm; scale-up stages (from TRL 7 by default)
// cost in proportion to the firm's size above the reference.
TEST(FirmEconomics, scale_up_stages_cost_more_in_larger_firms) {
  World world = build_world(minimal_scenario(), 0);
  const auto& p = world.parameters();
  ASSERT_EQ(p.scaleup_from_trl, 7);
  world.firms.employees[0] = 10 * p.scaleup_reference_employees;
  world.firms.employees[1] = 0.5 * p.scaleup_reference_employees;
  EXPECT_EQ(project_stage_cost(world, 0, 5), p.stage_cost[5]);                // TRL 6: research
  EXPECT_NEAR(project_stage_cost(world, 0, 6), 10 * p.stage_cost[6], 1e-12);  // TRL 7
  EXPECT_EQ(project_stage_cost(world, 1, 6), p.stage_cost[6]);  // smaller than the reference
}

}  // namespace
}  // namespace clustersim::testing
