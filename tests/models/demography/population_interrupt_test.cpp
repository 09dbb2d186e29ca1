// Building and stepping a large world honour a stop request (issue 11): a SIGINT during a
// build of millions of firms ends it within a few thousand firms, and one during a month
// ends the phase or the recording under way, not only the month.
#include <gtest/gtest.h>

#include <atomic>
#include <vector>

#include "models/cluster_model.hpp"
#include "models/demography/population.hpp"
#include "models/scenario/scenario_loader.hpp"
#include "sim/interrupt.hpp"
#include "support/test_support.hpp"

namespace clustersim::testing {
namespace {

TEST(PopulationInterrupt, a_set_stop_flag_ends_the_build) {
  const Scenario scenario = load_scenario_text(minimal_scenario_toml(), "s.toml");
  std::atomic<bool> stop{true};
  const StopScope scope(&stop);
  EXPECT_THROW(build_world(scenario, 0), Interrupted);
  stop = false;
  EXPECT_NO_THROW(build_world(scenario, 0));
}

// Every phase that loops over firms, and the recorder, checks the stop flag inside its
// loops (parallel_for_index per chunk, stop_point in ordered passes). Only the phases that
// touch no firm may run to their end.
TEST(PopulationInterrupt, every_phase_over_firms_and_the_recorder_honour_a_set_flag) {
  const Scenario scenario = load_scenario_text(minimal_scenario_toml(), "s.toml");
  const auto model = cluster_model(scenario);
  World world = build_world(scenario, 0);
  std::atomic<bool> stop{true};
  const StopScope scope(&stop);
  for (const auto& phase : model.phases) {
    if (phase.name == "open_month" || phase.name == "events" || phase.name == "close_month")
      continue;
    EXPECT_THROW(phase.run(world), Interrupted) << phase.name;
  }
  std::vector<double> row(model.metrics.size());
  EXPECT_THROW(model.make_recorder()(world, row.data()), Interrupted);
}

}  // namespace
}  // namespace clustersim::testing
