#include <gtest/gtest.h>

#include "models/finance/money.hpp"
#include "models/model_fixtures.hpp"
#include "models/phases.hpp"

namespace clustersim {
namespace {

// No entry, spin-offs or start-ups, so slots are not refilled during the test.
World closed_world() {
  auto scenario = testing::minimal_scenario();
  scenario.clusters[0].entry_rate = 0;
  scenario.parameters.spinoff_rate = 0;
  scenario.parameters.startup_probability = 0;
  return build_world(scenario, 0);
}

TEST(Demography, firm_below_the_cash_floor_exits_after_the_set_months_and_partners_forget_it) {
  World world = closed_world();
  auto& f = world.firms;
  testing::link_firms(world, 0, 1, 0.5);
  testing::link_firms(world, 0, 2, 0.5);
  testing::link_firms(world, 1, 2, 0.5);
  const int months = world.parameters().exit_negative_months;
  for (int month = 1; month < months; ++month) {
    f.cash[0] = -1e6;
    demography_phase(world);
    ASSERT_TRUE(f.alive[0]) << "exited early, month " << month;
  }
  f.cash[0] = -1e6;
  demography_phase(world);
  EXPECT_FALSE(f.alive[0]);
  EXPECT_EQ(world.month.exits, 1);
  EXPECT_LT(testing::trust_between(world, 1, 0), 0.0);
  EXPECT_LT(testing::trust_between(world, 2, 0), 0.0);
  EXPECT_GE(testing::trust_between(world, 1, 2), 0.0);  // other links survive
  EXPECT_EQ(testing::partner_count(world, 0), 0);
  // The exited firm is no longer a cluster member.
  const auto& e = world.environment;
  for (int m = e.member_offsets[0]; m < e.member_offsets[1]; ++m)
    EXPECT_NE(e.members[std::size_t(m)], 0);
}

// Issue 9: negative net worth (debt above cash plus capital) is insolvency even with
// cash in hand; after exit_negative_months of it the firm exits.
TEST(Demography, negative_net_worth_for_the_set_months_is_insolvency) {
  World world = closed_world();
  auto& f = world.firms;
  f.cash[0] = 1.0;
  f.capital[0] = 0.0;
  ASSERT_TRUE(take_loan(world, 0, 50.0, 0.1, 36, kCommercialLoan));
  f.cash[0] = 1.0;  // cash positive, net worth 1 - 50 < 0
  const int months = world.parameters().exit_negative_months;
  for (int month = 1; month < months; ++month) {
    demography_phase(world);
    ASSERT_TRUE(f.alive[0]) << month;
  }
  demography_phase(world);
  EXPECT_FALSE(f.alive[0]);
  EXPECT_EQ(world.month.exits_insolvency, 1);
}

// Issue 9: owners close a firm whose smoothed net margin stays below the minimum, once
// it is older than the profit memory; a young firm or a profitable one stays.
TEST(Demography, persistently_unprofitable_firms_exit_after_the_grace_period) {
  World world = closed_world();
  auto& f = world.firms;
  const auto& p = world.parameters();
  f.profit_margin[0] = p.exit_min_margin - 0.01;
  f.profit_margin[1] = p.exit_min_margin + 0.01;
  f.margin_months[0] = f.margin_months[1] = std::int16_t(p.profit_memory_months - 1);
  // Too young: the margin holds fewer than profit_memory_months of accounts.
  world.step = 12 - f.id[0] % 12;  // firm 0's review month
  demography_phase(world);
  EXPECT_TRUE(f.alive[0]);
  f.margin_months[0] = f.margin_months[1] = std::int16_t(p.profit_memory_months);
  // Old enough, but not its review month.
  world.step = 12 - f.id[0] % 12 + 1;
  demography_phase(world);
  EXPECT_TRUE(f.alive[0]);
  world.step = 24 - f.id[0] % 12;
  world.month = {};
  demography_phase(world);
  EXPECT_FALSE(f.alive[0]);
  EXPECT_TRUE(f.alive[1]);
  EXPECT_EQ(world.month.exits_low_profit, 1);
}

TEST(Demography, a_month_above_the_floor_resets_the_distress_count) {
  World world = closed_world();
  auto& f = world.firms;
  const int months = world.parameters().exit_negative_months;
  for (int month = 1; month < months; ++month) {
    f.cash[0] = -1e6;
    demography_phase(world);
  }
  f.cash[0] = 1e3;
  demography_phase(world);
  for (int month = 1; month < months; ++month) {
    f.cash[0] = -1e6;
    demography_phase(world);
  }
  EXPECT_TRUE(f.alive[0]);
  EXPECT_EQ(world.month.exits, 0);
}

TEST(Demography, solvent_firms_do_not_exit) {
  World world = closed_world();
  const int alive = int(std::count(world.firms.alive.begin(), world.firms.alive.end(), 1));
  for (int month = 0; month < 12; ++month) demography_phase(world);
  EXPECT_EQ(int(std::count(world.firms.alive.begin(), world.firms.alive.end(), 1)), alive);
}

}  // namespace
}  // namespace clustersim
