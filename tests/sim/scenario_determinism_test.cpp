// Same scenario and seed give identical results at any thread count, for every shipped
// scenario (money side, sanctions and competitions included), not only the tutorial.
#include <gtest/gtest.h>

#include <cstring>

#include "models/scenario/scenario_loader.hpp"
#include "support/test_support.hpp"

namespace clustersim::testing {
namespace {

TEST(Determinism, every_shipped_scenario_is_identical_on_one_and_two_threads) {
  const auto files = scenario_files();
  ASSERT_FALSE(files.empty());
  for (const auto& file : files) {
    SCOPED_TRACE(file);
    // Two years cover the first events of every scenario (2022 sanctions, 2012-2013 calls).
    const Scenario scenario = shortened(load_scenario_file(file, {"replications=2"}), 30);
    const MetricTable one = run_model(scenario, 1);
    const MetricTable two = run_model(scenario, 2);
    ASSERT_EQ(one.metrics().size(), two.metrics().size());
    const std::size_t bytes = sizeof(double) * std::size_t(one.replications() * one.columns());
    for (std::size_t m = 0; m < one.metrics().size(); ++m)
      EXPECT_EQ(std::memcmp(one.series(int(m)), two.series(int(m)), bytes), 0)
          << one.metrics()[m].name;
  }
}

}  // namespace
}  // namespace clustersim::testing
