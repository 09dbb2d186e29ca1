// Issue 22, item 10: a replication that fails (a full disk while its rows are written)
// ends the ensemble at once. The other replications stop within a chunk of work, even
// inside a long phase, no task takes a new replication, and the caller gets the first
// error, not the Interrupted of the replications it ended.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <thread>

#include <tbb/global_control.h>
#include <tbb/task_arena.h>

#include "sim/interrupt.hpp"
#include "sim/parallel.hpp"
#include "sim/simulation.hpp"

namespace clustersim {
namespace {

struct TaggedWorld {
  std::uint32_t replication = 0;
};

// Counts what the engine does, so the tests bound work by counts, not by time.
struct Counters {
  std::atomic<int> builds{0};
  std::atomic<bool> failed{false};   // set by the test just before its error
  std::atomic<int> builds_after{0};  // replications built after that
  std::atomic<int> steps_after{0};   // loop steps of the long phase after that
  std::atomic<bool> long_phase_on{false};
  std::atomic<bool> long_phase_done{false};
};

constexpr int kLongSteps = 5000;  // 1 ms each: about 5 s if nothing stops the phase

// Replication 0 is quick; replication 1 runs one long phase whose loop checks the stop
// at every step (as a model's stop_point or parallel_for_index would, once per chunk).
ModelDefinition<TaggedWorld> counting_model(Counters& c) {
  ModelDefinition<TaggedWorld> model;
  model.build = [&c](std::uint32_t r) {
    ++c.builds;
    if (c.failed) ++c.builds_after;
    return TaggedWorld{r};
  };
  model.phases = {{"long", [&c](TaggedWorld& world) {
                     if (world.replication != 1) return;
                     c.long_phase_on = true;
                     for (int step = 0; step < kLongSteps; ++step) {
                       throw_if_stopped();
                       if (c.failed) ++c.steps_after;
                       std::this_thread::sleep_for(std::chrono::milliseconds(1));
                     }
                     c.long_phase_done = true;
                   }}};
  model.metrics = {{"replication", "1", "Its index.", MetricKind::stock}};
  model.make_recorder = [] {
    return Recorder<TaggedWorld>(
        [](const TaggedWorld& w, double* row) { row[0] = double(w.replication); });
  };
  return model;
}

// Waits (boundedly) until replication 1 is inside its long phase, so that the failure
// finds it busy on the other thread.
void wait_for_long_phase(const Counters& c) {
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (!c.long_phase_on && std::chrono::steady_clock::now() < give_up)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

void run_on_two_threads(const ModelDefinition<TaggedWorld>& model, EnsembleShape shape,
                        const RunOptions<TaggedWorld>& options, std::string& error) {
  // Two threads even on a one-core host, so replication 1 runs beside replication 0.
  const tbb::global_control two(tbb::global_control::max_allowed_parallelism, 2);
  tbb::task_arena arena(2);
  arena.execute([&] {
    try {
      run_ensemble(model, shape, options);
      error = "no error";
    } catch (const std::runtime_error& e) {
      error = e.what();
    } catch (const Interrupted&) {
      error = "Interrupted";
    }
  });
}

TEST(EnsembleFailure, a_failed_write_ends_a_long_phase_elsewhere_and_starts_no_replication) {
  Counters c;
  const auto model = counting_model(c);
  RunOptions<TaggedWorld> options;
  options.on_replication_done = [&](int r, const ReplicationSeries&) {
    if (r != 0) return;
    wait_for_long_phase(c);
    c.failed = true;
    throw std::runtime_error("disk full");  // as ResultsWriter::write_replication would
  };
  std::string error;
  run_on_two_threads(model, {100, 2}, options, error);
  EXPECT_EQ(error, "disk full");  // the failure itself, not the Interrupted it caused
  ASSERT_TRUE(c.long_phase_on.load());
  EXPECT_FALSE(c.long_phase_done.load()) << "replication 1 ran its whole long phase";
  // Within a step or two of the failure (1 ms each); a second of slack for a busy host.
  EXPECT_LT(c.steps_after.load(), 1000);
  EXPECT_EQ(c.builds_after.load(), 0) << "replications were started after the failure";
  EXPECT_EQ(c.builds.load(), 2);
}

// A failure inside a phase (a bad allocation, a model error) is reported as itself even
// though the replications it ended throw Interrupted on their way out.
TEST(EnsembleFailure, a_failing_phase_surfaces_its_own_error) {
  Counters c;
  auto model = counting_model(c);
  const auto long_phase = model.phases[0].run;
  model.phases[0].run = [&c, long_phase](TaggedWorld& world) {
    if (world.replication == 0) {
      wait_for_long_phase(c);
      c.failed = true;
      throw std::runtime_error("model error");
    }
    long_phase(world);
  };
  std::string error;
  run_on_two_threads(model, {100, 3}, {}, error);
  EXPECT_EQ(error, "model error");
  EXPECT_FALSE(c.long_phase_done.load());
  EXPECT_LT(c.steps_after.load(), 1000);
  EXPECT_EQ(c.builds_after.load(), 0);
}

// The failure reaches the worker threads of a parallel loop in another replication:
// they watch the flags of the replication that started the loop.
TEST(EnsembleFailure, a_failure_ends_a_parallel_loop_in_another_replication_within_a_grain) {
  constexpr int kGrain = 1;
  const int previous_grain = set_parallel_grain(kGrain);
  Counters c;
  auto model = counting_model(c);
  model.phases[0].run = [&c](TaggedWorld& world) {
    if (world.replication == 0) {
      wait_for_long_phase(c);
      c.failed = true;
      throw std::runtime_error("model error");
    }
    c.long_phase_on = true;
    parallel_for_index(kLongSteps, [&](int) {
      if (c.failed) ++c.steps_after;
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    });
    c.long_phase_done = true;
  };
  std::string error;
  run_on_two_threads(model, {100, 3}, {}, error);
  set_parallel_grain(previous_grain);
  EXPECT_EQ(error, "model error");
  EXPECT_FALSE(c.long_phase_done.load());
  EXPECT_LT(c.steps_after.load(), 1000);
  EXPECT_EQ(c.builds_after.load(), 0);
}

// An interrupt is still reported as one.
TEST(EnsembleFailure, a_stop_is_reported_as_interrupted) {
  Counters c;
  auto model = counting_model(c);
  std::atomic<bool> stop{false};
  model.phases = {{"stop", [&](TaggedWorld&) { stop = true; }}};
  RunOptions<TaggedWorld> options;
  options.stop = &stop;
  std::string error;
  run_on_two_threads(model, {100, 3}, options, error);
  EXPECT_EQ(error, "Interrupted");
  EXPECT_LE(c.builds.load(), 2);
}

}  // namespace
}  // namespace clustersim
