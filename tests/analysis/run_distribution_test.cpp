// The runner's hooks for work beyond this process (analysis/run_distribution.hpp): a shard
// makes exactly its runs (every N-th of the plan), replays its journal into its sink and
// ends with ShardWritten; a distributor's coordinator journals what the workers send, and a
// worker serves, then ends (WorkerDone) unless a search needs every result. The MPI
// implementation is tested through the program (tests/app/mpi_cli_test.cpp).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <mutex>
#include <stdexcept>

#include "analysis/experiment_runner.hpp"
#include "analysis/run_distribution.hpp"
#include "analysis/shard_part.hpp"
#include "support/files.hpp"

namespace clustersim {
namespace {

ReplicationSeries series_of(int variant, int replication) {
  ReplicationSeries series(2, 3);
  for (int m = 0; m < 2; ++m)
    for (int t = 0; t < 3; ++t)
      series.at(m, t) = 100.0 * variant + 10.0 * replication + m + 0.1 * t;
  return series;
}

struct RecordingSink final : ShardSink {
  std::vector<std::pair<int, int>> runs;
  bool committed = false;
  void add(int v, int r, const ReplicationSeries& series) override {
    EXPECT_EQ(series.at(1, 2), series_of(v, r).at(1, 2));
    runs.emplace_back(v, r);
  }
  void commit() override { committed = true; }
};

struct ShardScope {
  explicit ShardScope(const RunShard* shard) { set_run_shard(shard); }
  ~ShardScope() { set_run_shard(nullptr); }
};

ExperimentCallbacks counting_callbacks(std::vector<std::pair<int, int>>& ran, std::mutex& m) {
  ExperimentCallbacks callbacks;
  callbacks.run = [&](int v, int r) {
    const std::lock_guard lock(m);
    ran.emplace_back(v, r);
    return series_of(v, r);
  };
  callbacks.finished = [](int, int, const ReplicationSeries&) {
    ADD_FAILURE() << "a shard's runs go to its sink, not to the command";
  };
  return callbacks;
}

TEST(RunShard, each_shard_makes_every_nth_run_of_the_plan_and_together_all) {
  // 3 variants with 2, 3 and 1 replications: 6 runs, numbered in (variant, replication) order.
  ExperimentShape shape{3, 0, {2, 3, 1}};
  std::vector<std::pair<int, int>> all;
  for (int k = 0; k < 3; ++k) {
    RecordingSink sink;
    const RunShard shard{k, 3, &sink};
    const ShardScope scope(&shard);
    std::vector<std::pair<int, int>> ran;
    std::mutex m;
    EXPECT_THROW(run_experiment(shape, nullptr, counting_callbacks(ran, m), nullptr), ShardWritten);
    EXPECT_TRUE(sink.committed);
    std::sort(ran.begin(), ran.end());
    std::sort(sink.runs.begin(), sink.runs.end());
    EXPECT_EQ(ran, sink.runs);
    all.insert(all.end(), ran.begin(), ran.end());
  }
  std::sort(all.begin(), all.end());
  EXPECT_EQ(all,
            (std::vector<std::pair<int, int>>{{0, 0}, {0, 1}, {1, 0}, {1, 1}, {1, 2}, {2, 0}}));
  // Shard 1 of 3: runs 1 and 4 of the plan.
  RecordingSink sink;
  const RunShard shard{1, 3, &sink};
  const ShardScope scope(&shard);
  std::vector<std::pair<int, int>> ran;
  std::mutex m;
  EXPECT_THROW(run_experiment(shape, nullptr, counting_callbacks(ran, m), nullptr), ShardWritten);
  std::sort(ran.begin(), ran.end());
  EXPECT_EQ(ran, (std::vector<std::pair<int, int>>{{0, 1}, {1, 2}}));
}

TEST(RunShard, a_resumed_shard_replays_its_journal_into_the_part_and_runs_the_rest) {
  const auto folder = testing::temporary_folder("shard_resume");
  ExperimentShape shape{2, 2};
  {
    RunJournal journal(folder + "/runs", "plan\n", false, false);
    journal.save(0, 0, series_of(0, 0));  // shard 0 of 2 owns runs 0 and 2: (0,0), (1,0)
    journal.save(0, 1, series_of(0, 1));  // not shard 0's: ignored
  }
  RunJournal journal(folder + "/runs", "plan\n", true, false);
  ShardPartWriter part(folder + "/part", {"prog", "7", 0, 2, folder, {"grid", "x.toml"}, "plan\n"});
  const RunShard shard{0, 2, &part};
  const ShardScope scope(&shard);
  std::vector<std::pair<int, int>> ran;
  std::mutex m;
  EXPECT_THROW(run_experiment(shape, &journal, counting_callbacks(ran, m), nullptr), ShardWritten);
  EXPECT_EQ(ran, (std::vector<std::pair<int, int>>{{1, 0}}));
  const ShardPart read = read_shard_part(folder + "/part");
  EXPECT_EQ(read.provenance.seed, "7");
  EXPECT_EQ(read.provenance.index, 0);
  EXPECT_EQ(read.provenance.count, 2);
  EXPECT_EQ(read.provenance.arguments, (std::vector<std::string>{"grid", "x.toml"}));
  EXPECT_EQ(read.provenance.plan, "plan\n");
  ASSERT_EQ(read.runs.size(), 2u);
  for (const auto& run : read.runs)
    for (int m2 = 0; m2 < 2; ++m2)
      for (int t = 0; t < 3; ++t)
        EXPECT_EQ(run.series.at(m2, t), series_of(run.variant, run.replication).at(m2, t));
  std::filesystem::remove_all(folder);
}

// In one process: the coordinator hands out runs in reverse, as late workers might, and
// a worker side records what it was asked.
class FakeDistributor final : public RunDistributor {
 public:
  explicit FakeDistributor(bool coordinator) : coordinator_(coordinator) {}
  bool coordinator() const override { return coordinator_; }
  void coordinate(const std::vector<std::pair<int, int>>& pending,
                  const std::function<void(const SharedRun&)>& finished,
                  const std::atomic<bool>*) override {
    for (auto it = pending.rbegin(); it != pending.rend(); ++it)
      finished({it->first, it->second, series_of(it->first, it->second), "made"});
  }
  void serve(const std::function<SharedRun(int, int)>& run, const std::atomic<bool>*) override {
    const SharedRun made = run(1, 0);
    served = made.series.at(0, 0);
    attachment = made.attachment;
  }
  void share_runs(std::vector<SharedRun>& runs) override {
    if (!coordinator_) runs = {{0, 0, series_of(0, 0)}, {0, 1, series_of(0, 1)}};
    shared = runs.size();
  }
  std::string share_text(const std::string& text) override { return text; }
  double served = -1;
  std::string attachment;
  std::size_t shared = 0;

 private:
  bool coordinator_;
};

struct DistributorScope {
  explicit DistributorScope(RunDistributor* d) { set_run_distributor(d); }
  ~DistributorScope() { set_run_distributor(nullptr); }
};

TEST(RunDistributor, the_coordinator_journals_and_finishes_what_workers_send) {
  const auto folder = testing::temporary_folder("distributor_coordinator");
  FakeDistributor distributor(true);
  const DistributorScope scope(&distributor);
  RunJournal journal(folder + "/runs", "plan\n", false, false);
  std::map<std::pair<int, int>, double> finished;
  ExperimentCallbacks callbacks;
  callbacks.run = [](int, int) -> ReplicationSeries {
    throw std::logic_error("rank 0 makes no run itself");
  };
  std::map<std::pair<int, int>, std::string> attached;
  callbacks.attached = [&](int v, int r, const std::string& bytes) {
    EXPECT_FALSE(finished.count({v, r})) << "attached after finished";
    attached[{v, r}] = bytes;
  };
  callbacks.finished = [&](int v, int r, const ReplicationSeries& s) {
    finished[{v, r}] = s.at(0, 0);
  };
  run_experiment({2, 2}, &journal, callbacks, nullptr);
  EXPECT_EQ(finished.size(), 4u);
  EXPECT_EQ(finished[std::pair(1, 1)], series_of(1, 1).at(0, 0));
  EXPECT_EQ(attached[std::pair(1, 1)], "made");  // what the worker attached
  EXPECT_TRUE(RunJournal(folder + "/runs", "plan\n", true, false).has(1, 1));
  EXPECT_EQ(distributor.shared, 0u);  // not a search: nothing sent to the workers
  std::filesystem::remove_all(folder);
}

TEST(RunDistributor, a_worker_serves_then_ends_unless_a_search_needs_the_results) {
  FakeDistributor distributor(false);
  const DistributorScope scope(&distributor);
  std::vector<std::pair<int, int>> finished;
  ExperimentCallbacks callbacks;
  callbacks.run = [](int v, int r) { return series_of(v, r); };
  callbacks.attachment = [](int v, int r) { return std::to_string(v) + "/" + std::to_string(r); };
  callbacks.finished = [&](int v, int r, const ReplicationSeries&) { finished.emplace_back(v, r); };
  EXPECT_THROW(run_experiment({1, 2}, nullptr, callbacks, nullptr), WorkerDone);
  EXPECT_EQ(distributor.served, series_of(1, 0).at(0, 0));
  EXPECT_EQ(distributor.attachment, "1/0");  // made on the worker, sent with its series
  EXPECT_TRUE(finished.empty());
  ExperimentShape search{1, 2};
  search.steers_next_runs = true;
  run_experiment(search, nullptr, callbacks, nullptr);
  EXPECT_EQ(finished, (std::vector<std::pair<int, int>>{{0, 0}, {0, 1}}));
}

}  // namespace
}  // namespace clustersim
