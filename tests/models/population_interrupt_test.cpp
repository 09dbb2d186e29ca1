// Building a large world honours a stop request (issue 11): a SIGINT during a build of
// millions of firms ends it within a few thousand firms, not after the whole build.
#include <gtest/gtest.h>

#include <atomic>

#include "models/population.hpp"
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

}  // namespace
}  // namespace clustersim::testing
