// Production and markets: demand shocks and prices.
#include <gtest/gtest.h>

#include <cmath>

#include "models/cluster_model.hpp"
#include "models/scenario/scenario_loader.hpp"
#include "support/test_support.hpp"

namespace clustersim::testing {
namespace {

double spread(const std::vector<double>& values) {
  double mean = 0, squares = 0;
  for (double v : values) mean += v;
  mean /= double(values.size());
  for (double v : values) squares += (v - mean) * (v - mean);
  return std::sqrt(squares / double(values.size() - 1));
}

// Stylized fact (Stanley et al.): growth volatility falls with size. The model's demand
// shocks have s.d. proportional to employees^-beta, so small firms' shocks spread wider.
TEST(Production, demand_shocks_are_larger_for_small_firms) {
  const Scenario scenario = load_scenario_file(source_path("scenarios/tutorial.toml"),
                                               {"firms.1.count=400", "firms.0.count=40"});
  const auto model = cluster_model(scenario);
  World world = model.build(0);
  for (int m = 0; m < 24; ++m) step_month(model, world);
  std::vector<double> small, large;
  const auto& f = world.firms;
  for (int i = 0; i < f.capacity; ++i) {
    const auto n = std::size_t(i);
    if (!f.alive[n]) continue;
    if (f.employees[n] < 30) small.push_back(f.demand_shock[n]);
    if (f.employees[n] > 500) large.push_back(f.demand_shock[n]);
  }
  ASSERT_GT(small.size(), 20u);
  ASSERT_GT(large.size(), 20u);
  EXPECT_GT(spread(small), 1.3 * spread(large));
}

TEST(Production, shocks_switched_off_leave_no_trace) {
  const Scenario scenario = load_scenario_file(source_path("scenarios/tutorial.toml"),
                                               {"parameters.production.demand_shock=0"});
  const auto model = cluster_model(scenario);
  World world = model.build(0);
  for (int m = 0; m < 12; ++m) step_month(model, world);
  for (double shock : world.firms.demand_shock) EXPECT_EQ(shock, 0.0);
}

// A sector whose capacity falls short of demand sees its price rise; with the price
// adjustment off, prices stay at 1.
TEST(Production, prices_rise_with_excess_demand_and_stay_fixed_when_switched_off) {
  for (const double adjustment : {0.0, 0.05}) {
    const Scenario scenario = load_scenario_file(
        source_path("scenarios/tutorial.toml"),
        {"sectors.0.demand_ratio=1.5",
         "parameters.production.price_adjustment=" + std::to_string(adjustment)});
    const auto model = cluster_model(scenario);
    World world = model.build(0);
    for (int m = 0; m < 6; ++m) step_month(model, world);
    if (adjustment == 0.0)
      EXPECT_EQ(world.environment.sector_price[0], 1.0);
    else
      EXPECT_GT(world.environment.sector_price[0], 1.05);
  }
}

// Sold-out, profitable firms plan to meet the sector's unmet demand (K+S), not a growth
// capped at their margin: with demand half again above capacity and thin margins, the
// incumbents' employment grows about 17% in two years (the margin-capped rule gave 7%).
TEST(Production, sold_out_firms_expand_toward_unmet_demand) {
  const Scenario scenario =
      load_scenario_file(source_path("scenarios/tutorial.toml"),
                         {"sectors.0.demand_ratio=1.5", "sectors.0.input_cost_share=0.6",
                          "parameters.production.demand_shock=0"});
  const auto model = cluster_model(scenario);
  World world = model.build(0);
  const auto& f = world.firms;
  const int initial = scenario.initial_firm_count();
  const std::vector<double> before(f.employees.begin(), f.employees.begin() + initial);
  for (int m = 0; m < 24; ++m) step_month(model, world);
  double then = 0, now = 0;  // employment of the initial firms still alive (not entrants)
  for (int i = 0; i < initial; ++i)
    if (f.alive[std::size_t(i)] && f.first_column[std::size_t(i)] == 0) {
      then += before[std::size_t(i)];
      now += f.employees[std::size_t(i)];
    }
  EXPECT_GT(now / then, 1.12) << "employment of incumbents " << then << " -> " << now;
}

}  // namespace
}  // namespace clustersim::testing
