#include <gtest/gtest.h>

#include "models/model_fixtures.hpp"
#include "models/phases.hpp"

namespace clustersim {
namespace {

constexpr int kTrl = 5;

// Every firm applies: a TRL-5 project and enough own money for the co-financing.
World grant_world(double annual_budget) {
  auto scenario = testing::minimal_scenario();
  scenario.funders[0].annual_budget = annual_budget;
  World world = build_world(scenario, 0);
  auto& f = world.firms;
  for (int i = 0; i < f.capacity; ++i) {
    if (!f.alive[std::size_t(i)]) continue;
    testing::give_project(world, i, {0, 1}, kTrl);
    f.rd_budget[std::size_t(i)] = 10.0;
  }
  return world;
}

double grant_per_project(const World& world) {
  return world.funders.max_share[0] * world.parameters().stage_cost[kTrl - 1];
}

double total_received(const World& world) {
  double total = 0;
  for (double g : world.firms.grant_received) total += g;
  return total;
}

TEST(Grants, monthly_total_never_exceeds_the_allowance) {
  World world = grant_world(3.0);
  for (int month = 0; month < 12; ++month) {
    const auto& funders = world.funders;
    const double left =
        funders.annual_budget[0] - (world.date.month == 1 ? 0.0 : funders.spent_this_year[0]);
    const double allowance = left / double(13 - world.date.month);
    finance_phase(world);
    EXPECT_LE(world.funders.disbursed_month[0], allowance + 1e-12) << "month " << month;
    EXPECT_NEAR(total_received(world), world.funders.disbursed_month[0], 1e-12);
    EXPECT_NEAR(world.month.grants, world.funders.disbursed_month[0], 1e-12);
    EXPECT_GT(world.funders.disbursed_month[0], 0.0);  // demand exceeds supply: money flows
    world.date = world.date.plus(1);
    ++world.step;
    world.month = MonthTotals{};
  }
}

TEST(Grants, yearly_spending_never_exceeds_the_annual_budget) {
  const double budget = 2.0;
  World world = grant_world(budget);
  double year_total = 0;
  int years = 0;
  for (int month = 0; month < 36; ++month) {
    finance_phase(world);
    year_total += world.funders.disbursed_month[0];
    EXPECT_LE(world.funders.spent_this_year[0], budget + 1e-9);
    EXPECT_LE(year_total, budget + 1e-9) << "month " << month;
    if (world.date.month == 12) {
      EXPECT_GT(year_total, 0.5 * budget);  // the budget is actually used
      year_total = 0;
      ++years;
    }
    world.date = world.date.plus(1);
    ++world.step;
    world.month = MonthTotals{};
  }
  EXPECT_EQ(years, 3);
  EXPECT_LE(world.funders.disbursed_total[0], 3 * budget + 1e-9);
}

TEST(Grants, higher_score_is_funded_first_and_ties_go_to_the_lower_id) {
  // The January allowance covers exactly two grants.
  World world = grant_world(0);
  const double grant = grant_per_project(world);
  world.funders.annual_budget[0] = 12 * 2.5 * grant;
  auto& f = world.firms;
  for (int i = 0; i < f.capacity; ++i) f.knowledge(i, 0) = 0.1;
  f.knowledge(20, 0) = 0.9;  // best score
  f.knowledge(7, 0) = 0.6;   // tied second
  f.knowledge(12, 0) = 0.6;
  finance_phase(world);
  EXPECT_DOUBLE_EQ(f.grant_received[20], grant);
  EXPECT_DOUBLE_EQ(f.grant_received[7], grant);
  EXPECT_EQ(f.grant_received[12], 0.0);
  EXPECT_NEAR(total_received(world), 2 * grant, 1e-12);
}

TEST(Grants, projects_outside_the_trl_window_or_without_cofinancing_are_not_funded) {
  World world = grant_world(1000.0);
  auto& f = world.firms;
  testing::give_project(world, 0, {0, 1}, 2);  // below min_trl
  testing::give_project(world, 1, {0, 1}, 9);  // above max_trl
  f.rd_budget[2] = 0.0;                        // cannot co-finance
  finance_phase(world);
  EXPECT_EQ(f.grant_received[0], 0.0);
  EXPECT_EQ(f.grant_received[1], 0.0);
  EXPECT_EQ(f.grant_received[2], 0.0);
  EXPECT_GT(f.grant_received[3], 0.0);
}

}  // namespace
}  // namespace clustersim
