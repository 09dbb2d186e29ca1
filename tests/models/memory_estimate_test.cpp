// The memory estimate (models/memory_estimate.hpp) matches what a world really holds per
// firm slot, and grows with firms, threads, replications and months.
#include "models/memory_estimate.hpp"

#include <gtest/gtest.h>

#include "models/demography/population.hpp"
#include "models/scenario/scenario_loader.hpp"
#include "support/test_support.hpp"

namespace clustersim::testing {
namespace {

Scenario tutorial(const std::vector<std::string>& overrides = {}) {
  return load_scenario_file(source_path("scenarios/tutorial.toml"), overrides);
}

TEST(MemoryEstimate, bytes_per_slot_before_building_matches_the_built_world) {
  const Scenario scenario = tutorial();
  const World world = build_world(scenario, 0);
  EXPECT_EQ(FirmState::bytes_per_slot(world.firms.partner_slots, world.firms.domains),
            world.firms.bytes_per_slot());
  const MemoryEstimate e = estimate_memory(scenario, 1);
  EXPECT_EQ(e.firm_slots, std::uint64_t(world.firms.capacity));
  EXPECT_GT(e.bytes_per_slot, world.firms.bytes_per_slot());  // scratch, exit log, recorder
}

TEST(MemoryEstimate, counts_one_world_and_one_series_per_thread_and_the_tables_held) {
  const Scenario scenario = tutorial({"replications=10"});
  const MemoryEstimate one = estimate_memory(scenario, 1), four = estimate_memory(scenario, 4);
  const std::uint64_t series = one.metrics * (scenario.calendar.months() + 1) * 8;
  EXPECT_EQ(four.worlds_at_once, 4);
  EXPECT_EQ(four.total_bytes - one.total_bytes, 3 * (one.world_bytes + series));
  EXPECT_EQ(estimate_memory(tutorial({"replications=2"}), 8).worlds_at_once, 2);
  // A streaming run holds the final month of each replication, not the whole table.
  const MemoryEstimate streamed = estimate_memory(scenario, 1, 0);
  EXPECT_EQ(streamed.results_bytes, series + one.metrics * 10 * 8);
  EXPECT_EQ(one.results_bytes - streamed.results_bytes, 10 * series);
  EXPECT_EQ(estimate_memory(scenario, 1, 2).results_bytes - one.results_bytes, 10 * series);
}

TEST(MemoryEstimate, totals_of_many_large_groups_do_not_overflow) {
  Scenario scenario = tutorial();
  scenario.firms.assign(250, scenario.firms[0]);
  for (auto& group : scenario.firms) group.count = 10'000'000;
  EXPECT_EQ(scenario.total_firm_count(), 2'500'000'000LL);
  EXPECT_EQ(scenario.initial_firm_count(), INT_MAX);  // clamped; validation refuses it
  EXPECT_EQ(scenario.firm_capacity(), INT_MAX);
}

}  // namespace
}  // namespace clustersim::testing
