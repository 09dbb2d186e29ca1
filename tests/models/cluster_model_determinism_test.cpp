// Same scenario and seed give identical results at any thread count: every value of
// every metric is compared bit for bit on 1, 2 and 4 threads, for every shipped
// scenario (money side, sanctions and competitions included).
//
// The firm loops split only when a world is larger than the parallel grain (512 by
// default), and the shipped worlds are smaller, so these tests lower the grain to
// kTestGrain: a 164-slot world then runs its firm loops in about twenty chunks spread
// over the threads, and a rule that depended on the order of chunks would show.
// One replication per run: with several, each thread tends to keep busy with a
// replication of its own and the firm loops are not shared between threads.
// tests/sim/simulation_test.cpp shows that the same check catches such a rule.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "models/cluster_model.hpp"
#include "models/scenario/scenario_loader.hpp"
#include "sim/parallel.hpp"
#include "support/determinism.hpp"
#include "support/test_support.hpp"

namespace clustersim::testing {
namespace {

MetricTable run_cluster_model(const Scenario& scenario) {
  return run_ensemble(cluster_model(scenario), ensemble_shape(scenario));
}

// The firm loops of `scenario` split into at least `chunks` chunks at the current grain.
::testing::AssertionResult splits_into(const Scenario& scenario, int chunks) {
  const int capacity = cluster_model(scenario).build(0).firms.capacity;
  if (capacity >= chunks * parallel_grain()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << capacity << " firm slots at grain " << parallel_grain()
                                       << " make fewer than " << chunks << " chunks";
}

TEST(ClusterModelDeterminism, tutorial_is_identical_on_one_two_and_four_threads) {
  const ScopedParallelGrain grain(kTestGrain);
  const Scenario scenario =
      load_scenario_file(source_path("scenarios/tutorial.toml"), {"replications=1"});
  ASSERT_TRUE(splits_into(scenario, 8));
  const MetricTable one = run_cluster_model(scenario);
  EXPECT_EQ(one.columns(), scenario.calendar.months() + 1);
  EXPECT_GT(one.at(one.index_of("firms_alive"), 0, one.columns() - 1), 0.0);
  EXPECT_TRUE(same_on_thread_counts([&] { return run_cluster_model(scenario); }));
}

TEST(ClusterModelDeterminism, every_shipped_scenario_is_identical_on_one_two_and_four_threads) {
  const ScopedParallelGrain grain(kTestGrain);
  const auto files = scenario_files();
  ASSERT_FALSE(files.empty());
  for (const auto& file : files) {
    SCOPED_TRACE(file);
    // Thirty months cover the first events of every scenario (2022 sanctions, 2012-2013
    // calls and selections).
    const Scenario scenario = shortened(load_scenario_file(file, {"replications=1"}), 30);
    EXPECT_TRUE(splits_into(scenario, 8));
    EXPECT_TRUE(same_on_thread_counts([&] { return run_cluster_model(scenario); }));
  }
}

// Many replications run concurrently (one task each) at the default grain, the way
// `run` runs them; the table is the same as when they run one after another.
TEST(ClusterModelDeterminism, ensemble_of_many_replications_is_identical_on_one_and_four_threads) {
  const Scenario scenario =
      shortened(load_scenario_file(source_path("scenarios/tomsk.toml"), {"replications=24"}), 12);
  EXPECT_TRUE(same_on_thread_counts([&] { return run_cluster_model(scenario); }, {1, 4}));
}

}  // namespace
}  // namespace clustersim::testing
