// Issue 22, item 9: after thousands of simulated years the firms' revenues overflow,
// the entry rate becomes NaN and Boost's Poisson sampler rejected draws forever, a loop
// no stop reaches (a run of 0000-01..9999-12 ignored SIGTERM). The phase must end with
// an error instead.
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <limits>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>

#include "models/model_fixtures.hpp"
#include "models/phases.hpp"

namespace clustersim {
namespace {

TEST(DemographyOverflow, a_nan_entry_rate_is_an_error_not_an_endless_draw) {
  auto scenario = testing::minimal_scenario();
  scenario.clusters[0].entry_rate = 0.5;
  scenario.parameters.entry_profit_sensitivity = 1.0;
  // Leaked on purpose: if the phase hangs, its thread still uses the world after the test.
  auto* world = new World(build_world(scenario, 0));
  auto& f = world->firms;
  for (int i = 0; i < f.capacity; ++i) {
    const auto n = std::size_t(i);
    if (!f.alive[n]) continue;
    f.revenue[n] = std::numeric_limits<double>::infinity();  // inf / inf: a NaN margin
    f.margin_months[n] = 1;
  }
  // On its own thread, so that a hang fails the test instead of blocking the suite.
  auto outcome = std::make_shared<std::promise<std::string>>();
  auto result = outcome->get_future();
  std::thread([world, outcome] {
    try {
      demography_phase(*world);
      outcome->set_value("no error");
    } catch (const std::runtime_error& error) {
      outcome->set_value(error.what());
    }
  }).detach();
  ASSERT_EQ(result.wait_for(std::chrono::seconds(20)), std::future_status::ready)
      << "demography_phase did not return within 20 s (an endless Poisson draw)";
  const std::string message = result.get();
  EXPECT_NE(message.find("entry rate of cluster"), std::string::npos) << message;
  EXPECT_NE(message.find("not a finite number"), std::string::npos) << message;
  delete world;
}

}  // namespace
}  // namespace clustersim
