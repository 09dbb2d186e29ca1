// The engine (sim/simulation.hpp, sim/parallel.hpp) on a toy model defined here: the
// ensemble runner records every replication and month, and the thread-determinism check
// used on the cluster model (support/determinism.hpp) really catches a rule whose
// result depends on the order in which parallel chunks finish.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <tbb/task_arena.h>

#include "sim/parallel.hpp"
#include "sim/simulation.hpp"
#include "support/determinism.hpp"

namespace clustersim {
namespace {

// A world of `values`, one per agent, and their total, which feeds back into the values
// each month (so a difference in the total carries on to later months).
struct ToyWorld {
  std::vector<double> values;
  std::vector<double> terms;  // scratch: one term of the total per agent
  double total = 0;
  int month = 0;
};

// Agent values whose sum depends on the order of addition: even agents hold +2^50 and
// -2^50 in turn, odd agents a value near 1 with a full mantissa. A value near 1 added
// while the running sum is near 2^50 loses its last bits (the spacing of doubles there
// is 1/4); added while the large values cancel, it keeps them. So any other
// interleaving of the additions almost surely gives another total.
double value_of(std::uint32_t replication, int i) {
  if (i % 2 == 0) return i % 4 == 0 ? 0x1p50 : -0x1p50;
  std::uint64_t z = (std::uint64_t(replication) << 32) + std::uint64_t(i) + 0x9e3779b97f4a7c15ull;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;  // splitmix64
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  z ^= z >> 31;
  return 0.5 + std::ldexp(double(z >> 11), -53);
}

// One agent's term of the total this month.
double term(const ToyWorld& world, int i) {
  const double v = world.values[std::size_t(i)];
  return i % 2 == 0 ? v : v * (1.0 + 1e-3 * std::sin(double(i) + world.month));
}

// The order-dependent rule: every agent adds its term to a shared total as its chunk
// runs, so the total depends on which chunk runs when. On a loaded machine the other
// threads may wake too late to take part in a short loop, so when the loop splits and
// the arena has more than one thread, the chunk holding agent 0 waits (up to a second)
// until another thread has run a chunk: the loop is then really shared and the
// additions interleave.
void total_in_completion_order(ToyWorld& world) {
  const int n = int(world.values.size());
  const bool shared = tbb::this_task_arena::max_concurrency() > 1 && n > parallel_grain();
  const auto caller = std::this_thread::get_id();
  std::atomic<bool> joined{false};
  std::mutex mutex;
  double total = 0;
  parallel_for_index(n, [&](int i) {
    if (std::this_thread::get_id() != caller) {
      joined = true;
    } else if (shared && i == 0) {
      const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
      while (!joined && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
    }
    const double t = term(world, i);
    const std::lock_guard lock(mutex);
    total += t;
  });
  world.total = total;
}

// The deterministic rule: terms are computed in parallel into their own slots and summed
// in ascending agent order.
void total_in_agent_order(ToyWorld& world) {
  parallel_for_index(int(world.values.size()),
                     [&](int i) { world.terms[std::size_t(i)] = term(world, i); });
  double total = 0;
  for (double t : world.terms) total += t;
  world.total = total;
}

ModelDefinition<ToyWorld> toy_model(int agents, bool order_dependent) {
  ModelDefinition<ToyWorld> model;
  model.build = [agents](std::uint32_t replication) {
    ToyWorld world;
    world.values.resize(std::size_t(agents));
    world.terms.resize(std::size_t(agents));
    for (int i = 0; i < agents; ++i) world.values[std::size_t(i)] = value_of(replication, i);
    return world;
  };
  model.phases = {
      {"total", order_dependent ? total_in_completion_order : total_in_agent_order},
      {"feedback",
       [](ToyWorld& world) {
         parallel_for_index(int(world.values.size()),
                            [&](int i) { world.values[std::size_t(i)] += 1e-12 * world.total; });
         ++world.month;
       }},
  };
  model.metrics = {{"total", "units", "Total of the values.", MetricKind::stock},
                   {"month", "months", "Months stepped.", MetricKind::stock}};
  model.make_recorder = [] {
    return Recorder<ToyWorld>([](const ToyWorld& world, double* row) {
      row[0] = world.total;
      row[1] = world.month;
    });
  };
  return model;
}

constexpr int kAgents = 20'000;  // 2500 chunks at the test grain
constexpr EnsembleShape kShape{2, 24};
// One replication: with several, each thread may keep busy with a replication of its own
// and never take chunks of another's loop, so the loops would not really be split.
constexpr EnsembleShape kOneReplication{1, 24};

MetricTable run_toy(bool order_dependent, EnsembleShape shape = kOneReplication) {
  return run_ensemble(toy_model(kAgents, order_dependent), shape);
}

TEST(Ensemble, records_the_initial_state_and_every_month_of_every_replication) {
  const MetricTable table = run_toy(false, kShape);
  ASSERT_EQ(table.replications(), kShape.replications);
  ASSERT_EQ(table.columns(), kShape.months + 1);
  for (int r = 0; r < table.replications(); ++r)
    for (int t = 0; t < table.columns(); ++t) EXPECT_EQ(table.at(1, r, t), t);
  EXPECT_EQ(table.at(0, 0, 0), 0.0);
  EXPECT_NE(table.at(0, 0, 1), table.at(0, 1, 1));  // replications build different worlds
}

TEST(Ensemble, reports_every_replication_done_and_every_month_of_progress) {
  std::mutex mutex;
  std::vector<int> done(std::size_t(kShape.replications), 0);
  long last_progress = 0;
  RunOptions<ToyWorld> options;
  options.on_replication_done = [&](int r, const ReplicationSeries&) {
    const std::lock_guard lock(mutex);
    ++done[std::size_t(r)];
  };
  options.on_progress = [&](long step, long total) {
    EXPECT_EQ(total, long(kShape.replications) * kShape.months);
    last_progress = std::max(last_progress, step);
  };
  testing::run_on_threads(4, [&] { return run_ensemble(toy_model(64, false), kShape, options); });
  EXPECT_EQ(done, std::vector<int>(std::size_t(kShape.replications), 1));
  EXPECT_EQ(last_progress, long(kShape.replications) * kShape.months);
}

// What a results file streams: each replication's series, equal to its rows of the table
// a kept run returns, while the streaming run keeps no table.
TEST(Ensemble, hands_each_replication_over_without_keeping_the_table) {
  const MetricTable kept = run_toy(false, kShape);
  std::mutex mutex;
  std::vector<std::vector<double>> streamed(std::size_t(kShape.replications));
  RunOptions<ToyWorld> options;
  options.keep_table = false;
  options.on_replication_done = [&](int r, const ReplicationSeries& series) {
    const std::lock_guard lock(mutex);
    for (int m = 0; m < series.metrics(); ++m)
      for (int t = 0; t < series.columns(); ++t)
        streamed[std::size_t(r)].push_back(series.at(m, t));
  };
  const MetricTable empty = testing::run_on_threads(
      4, [&] { return run_ensemble(toy_model(kAgents, false), kShape, options); });
  EXPECT_EQ(empty.replications(), 0);
  for (int r = 0; r < kShape.replications; ++r) {
    const ReplicationSeries series = kept.replication(r);
    std::vector<double> expected;
    for (int m = 0; m < series.metrics(); ++m)
      for (int t = 0; t < series.columns(); ++t) expected.push_back(series.at(m, t));
    EXPECT_EQ(streamed[std::size_t(r)], expected) << "replication " << r;
  }
}

// On one thread replications run one after another in ascending order, so a caller
// that writes them in order holds none back.
TEST(Ensemble, starts_replications_in_ascending_order) {
  std::vector<int> finished;
  RunOptions<ToyWorld> options;
  options.keep_table = false;
  options.on_replication_done = [&](int r, const ReplicationSeries&) { finished.push_back(r); };
  testing::run_on_threads(1, [&] { return run_ensemble(toy_model(64, false), kShape, options); });
  std::vector<int> ascending(std::size_t(kShape.replications));
  for (int r = 0; r < kShape.replications; ++r) ascending[std::size_t(r)] = r;
  EXPECT_EQ(finished, ascending);
}

// The check passes for the deterministic rule, with the loops split into many chunks.
TEST(ThreadDeterminismCheck, passes_when_the_total_is_summed_in_agent_order) {
  const testing::ScopedParallelGrain grain(testing::kTestGrain);
  EXPECT_TRUE(testing::same_on_thread_counts([] { return run_toy(false); }));
}

// The check bites: summing in completion order is caught. One comparison differs
// (24 months of about 2500 interleaved additions each; 100 of 100 runs on a loaded
// two-core machine); three attempts make a miss vanishingly unlikely.
TEST(ThreadDeterminismCheck, catches_a_total_summed_in_completion_order) {
  const testing::ScopedParallelGrain grain(testing::kTestGrain);
  ::testing::AssertionResult same = ::testing::AssertionSuccess();
  for (int attempt = 0; attempt < 3 && same; ++attempt)
    same = testing::same_on_thread_counts([] { return run_toy(true); });
  ASSERT_FALSE(same);
  EXPECT_NE(std::string(same.message()).find("values differ, first total"), std::string::npos)
      << same.message();
}

// At the default grain the toy world (smaller than the grain) runs in one chunk, so
// even the order-dependent rule gives the same result: the reason tests lower the grain.
TEST(ThreadDeterminismCheck, cannot_bite_when_the_world_is_one_chunk) {
  ASSERT_GT(parallel_grain(), 256);
  auto run = [] { return run_ensemble(toy_model(256, true), kShape); };
  EXPECT_TRUE(
      testing::identical_tables(testing::run_on_threads(1, run), testing::run_on_threads(4, run)));
}

// ... and the check says so: one replication of a one-chunk world runs every chunk on
// one thread, so its comparison is reported as showing nothing, not as a pass.
TEST(ThreadDeterminismCheck, fails_when_one_thread_runs_every_chunk) {
  ASSERT_GT(parallel_grain(), 256);
  const auto same = testing::same_on_thread_counts(
      [] { return run_ensemble(toy_model(256, true), kOneReplication); }, {1, 2});
  ASSERT_FALSE(same);
  EXPECT_NE(std::string(same.message()).find("on 2 threads every chunk ran on 1 thread"),
            std::string::npos)
      << same.message();
}

// Split loops are shared: at the test grain another thread runs chunks of the one
// replication's loops, which is what makes the comparisons above mean something.
TEST(ThreadDeterminismCheck, split_loops_run_on_more_than_one_thread) {
  const testing::ScopedParallelGrain grain(testing::kTestGrain);
  const testing::ChunkThreads seen;
  testing::run_on_threads(2, [] { return run_toy(true); });
  EXPECT_GE(seen.count(), 2);
}

}  // namespace
}  // namespace clustersim
