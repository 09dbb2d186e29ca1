// The experiments runner's numbering of variants: a search that runs one evaluation per
// call (stress) numbers each from first_variant, in its callbacks and in the journal, so
// a second process replays what the first kept under the same numbers.
#include <gtest/gtest.h>

#include <filesystem>
#include <mutex>
#include <utility>
#include <vector>

#include "analysis/experiment_runner.hpp"
#include "support/files.hpp"

namespace clustersim {
namespace {

ReplicationSeries series_of(int variant, int replication) {
  ReplicationSeries series(1, 1);
  series.at(0, 0) = 10.0 * variant + replication;
  return series;
}

TEST(ExperimentRunner, variants_count_from_first_variant_in_callbacks_and_journal) {
  const auto folder = testing::temporary_folder("runner_first_variant");
  const std::string plan = "a plan\n";
  std::vector<std::pair<int, int>> ran, finished;
  std::mutex ran_mutex;  // runs come from any worker
  ExperimentCallbacks callbacks;
  callbacks.run = [&](int v, int r) {
    const std::lock_guard lock(ran_mutex);
    ran.emplace_back(v, r);
    return series_of(v, r);
  };
  callbacks.finished = [&](int v, int r, const ReplicationSeries& series) {
    EXPECT_EQ(series.at(0, 0), 10.0 * v + r);
    finished.emplace_back(v, r);
  };
  ExperimentShape shape{1, 2};
  shape.first_variant = 3;
  {
    RunJournal journal(folder + "/runs", plan, false, false);
    run_experiment(shape, &journal, callbacks, nullptr);
  }
  EXPECT_EQ(ran.size(), 2u);
  EXPECT_EQ(finished.size(), 2u);
  for (const auto& [v, r] : ran) EXPECT_EQ(v, 3) << r;

  // A resumed process replays variant 3 and runs only the new variant 4.
  ran.clear();
  finished.clear();
  RunJournal resumed(folder + "/runs", plan, true, false);
  EXPECT_TRUE(resumed.has(3, 1));
  EXPECT_FALSE(resumed.has(0, 0));
  run_experiment(shape, &resumed, callbacks, nullptr);
  EXPECT_TRUE(ran.empty());
  EXPECT_EQ(finished, (std::vector<std::pair<int, int>>{{3, 0}, {3, 1}}));
  shape.first_variant = 4;
  shape.replications = 1;
  run_experiment(shape, &resumed, callbacks, nullptr);
  EXPECT_EQ(ran, (std::vector<std::pair<int, int>>{{4, 0}}));
  std::filesystem::remove_all(folder);
}

}  // namespace
}  // namespace clustersim
