#include <gtest/gtest.h>

#include "model_fixtures.hpp"
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
