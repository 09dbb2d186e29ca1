// The engine's resource behaviour (sim/simulation.hpp): a stop flag is honoured while a
// world is being built, not only between months, and no more worlds are alive at once
// than there are threads, even when replications run parallel loops of their own.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>
#include <utility>
#include <vector>

#include <tbb/global_control.h>
#include <tbb/task_arena.h>

#include "sim/interrupt.hpp"
#include "sim/parallel.hpp"
#include "sim/simulation.hpp"

namespace clustersim {
namespace {

std::atomic<int> g_alive{0}, g_most_alive{0}, g_most_on_a_thread{0};
thread_local int t_alive = 0;  // worlds alive that this thread built
std::mutex g_builders_mutex;
std::set<std::thread::id> g_builders;

void note_most(std::atomic<int>& most, int alive) {
  int seen = most.load();
  while (alive > seen && !most.compare_exchange_weak(seen, alive)) {
  }
}

// Counts how many of its kind are alive at once, in all and on the thread that holds them
// (a replication's world lives and dies on the thread that runs the replication). A
// moved-from world does not count, so a move on return is not a second world.
struct CountedWorld {
  std::vector<double> values;
  bool counted = true;
  CountedWorld() { count(); }
  CountedWorld(CountedWorld&& other) noexcept
      : values(std::move(other.values)), counted(std::exchange(other.counted, false)) {}
  CountedWorld& operator=(CountedWorld&& other) noexcept {
    std::swap(values, other.values);
    std::swap(counted, other.counted);
    return *this;
  }
  ~CountedWorld() {
    if (!counted) return;
    --g_alive;
    --t_alive;
  }
  static void count() {
    note_most(g_most_alive, ++g_alive);
    note_most(g_most_on_a_thread, ++t_alive);
    const std::lock_guard lock(g_builders_mutex);
    g_builders.insert(std::this_thread::get_id());
  }
};

ModelDefinition<CountedWorld> counted_model(int agents) {
  ModelDefinition<CountedWorld> model;
  model.build = [agents](std::uint32_t) {
    CountedWorld world;
    world.values.assign(std::size_t(agents), 1.0);
    return world;
  };
  model.phases = {{"spread", [](CountedWorld& world) {
                     parallel_for_index(int(world.values.size()), [&](int i) {
                       // Uneven chunks make threads wait inside the loop,
                       // when they could take another replication.
                       if (i % 2000 == 0)
                         std::this_thread::sleep_for(std::chrono::microseconds(300));
                       world.values[std::size_t(i)] *= 1.0001;
                     });
                   }}};
  model.metrics = {{"first", "units", "First value.", MetricKind::stock}};
  model.make_recorder = [] {
    return Recorder<CountedWorld>([](const CountedWorld& w, double* row) { row[0] = w.values[0]; });
  };
  return model;
}

// Four threads, so that a thread that waits inside its replication's parallel loop may
// find another replication's task unstarted: without isolation it runs that replication
// there and holds two worlds. Whether a task is still unstarted then depends on when the
// workers join, so the ensemble runs ten times, each in a new arena (without isolation one
// run held two or three worlds on a thread 3 times in 5, and this test failed 10 times in
// 10). At most one world per thread, so at most four in all.
TEST(EnsembleLifetime, no_more_worlds_alive_than_threads) {
  const int previous_grain = set_parallel_grain(256);
  g_most_alive = 0;
  g_most_on_a_thread = 0;
  g_builders.clear();
  for (int run = 0; run < 10; ++run) {
    const tbb::global_control four(tbb::global_control::max_allowed_parallelism, 4);
    tbb::task_arena arena(4);
    arena.execute([] { run_ensemble(counted_model(20000), {8, 10}); });
  }
  set_parallel_grain(previous_grain);
  EXPECT_EQ(g_alive.load(), 0);
  EXPECT_EQ(g_most_on_a_thread.load(), 1);
  EXPECT_LE(g_most_alive.load(), 4);
  EXPECT_GE(g_builders.size(), 2u);  // replications really ran side by side
}

TEST(EnsembleLifetime, a_stop_during_a_build_ends_the_build) {
  std::atomic<bool> stop{false};
  std::atomic<long> items_built{0};
  constexpr int kItems = 100'000;
  ModelDefinition<CountedWorld> model = counted_model(1);
  model.build = [&](std::uint32_t) {
    CountedWorld world;
    for (int i = 0; i < kItems; ++i) {
      if (i == kItems / 10) stop = true;  // as if SIGINT arrived during the build
      throw_if_stopped();
      world.values.push_back(double(i));
      ++items_built;
    }
    return world;
  };
  RunOptions<CountedWorld> options;
  options.stop = &stop;
  EXPECT_THROW(run_ensemble(model, {1, 3}, options), Interrupted);
  EXPECT_EQ(items_built.load(), kItems / 10);
}

TEST(EnsembleLifetime, a_stop_during_a_month_skips_the_months_other_phases) {
  std::atomic<bool> stop{false};
  std::atomic<int> later_phases{0};
  ModelDefinition<CountedWorld> model = counted_model(1);
  model.phases = {{"first", [&](CountedWorld&) { stop = true; }},  // as if SIGINT arrived
                  {"second", [&](CountedWorld&) { ++later_phases; }}};
  RunOptions<CountedWorld> options;
  options.stop = &stop;
  EXPECT_THROW(run_ensemble(model, {1, 3}, options), Interrupted);
  EXPECT_EQ(later_phases.load(), 0);
}

// A stop that arrives inside a phase's long parallel loop ends the loop within one grain
// (one thread, so the indices run in order), not at the end of the phase.
TEST(EnsembleLifetime, a_stop_inside_a_parallel_loop_ends_it_within_a_grain) {
  constexpr int kGrain = 100, kStopAt = 5000;
  const int previous_grain = set_parallel_grain(kGrain);
  std::atomic<bool> stop{false};
  std::atomic<int> bodies{0};
  ModelDefinition<CountedWorld> model = counted_model(1);
  model.phases = {{"long loop", [&](CountedWorld&) {
                     parallel_for_index(100'000, [&](int i) {
                       if (i == kStopAt) stop = true;  // as if SIGINT arrived
                       ++bodies;
                     });
                   }}};
  RunOptions<CountedWorld> options;
  options.stop = &stop;
  tbb::task_arena arena(1);
  arena.execute([&] { EXPECT_THROW(run_ensemble(model, {1, 3}, options), Interrupted); });
  set_parallel_grain(previous_grain);
  EXPECT_GT(bodies.load(), kStopAt);
  EXPECT_LE(bodies.load(), kStopAt + kGrain);
}

// A long serial pass that calls stop_point ends within 2048 iterations of a stop.
TEST(EnsembleLifetime, a_stop_inside_a_serial_loop_ends_it_at_the_next_stop_point) {
  constexpr int kStopAt = 10'000;
  std::atomic<bool> stop{false};
  int bodies = 0;
  ModelDefinition<CountedWorld> model = counted_model(1);
  model.phases = {{"ordered pass", [&](CountedWorld&) {
                     for (int i = 0; i < 1'000'000; ++i) {
                       stop_point(i);
                       if (i == kStopAt) stop = true;
                       ++bodies;
                     }
                   }}};
  RunOptions<CountedWorld> options;
  options.stop = &stop;
  EXPECT_THROW(run_ensemble(model, {1, 3}, options), Interrupted);
  EXPECT_GT(bodies, kStopAt);
  EXPECT_LE(bodies, kStopAt + 2048);
}

// A replication that throws (say, a full disk while its rows are written) ends the
// others at their next phase: the error surfaces at once, not after every remaining
// replication has run. Replication 0 throws once another replication is under way, so
// both threads are busy when it fails; without the failure flag the other thread goes
// on to build all 100.
TEST(EnsembleLifetime, a_failing_replication_ends_the_others_at_their_next_phase) {
  std::atomic<int> builds{0};
  ModelDefinition<CountedWorld> model = counted_model(1);
  model.build = [&](std::uint32_t r) {
    ++builds;
    if (r == 0) {
      const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(5);
      while (builds < 2 && std::chrono::steady_clock::now() < give_up)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      throw std::runtime_error("disk full");
    }
    CountedWorld world;
    world.values.assign(1, 1.0);
    return world;
  };
  model.phases = {
      {"slow", [](CountedWorld&) { std::this_thread::sleep_for(std::chrono::milliseconds(2)); }}};
  // Two threads even on a one-core host, so the second replication starts.
  const tbb::global_control two(tbb::global_control::max_allowed_parallelism, 2);
  tbb::task_arena arena(2);
  arena.execute([&] { EXPECT_THROW(run_ensemble(model, {100, 5}), std::runtime_error); });
  EXPECT_GE(builds.load(), 2);
  EXPECT_LE(builds.load(), 4);
}

TEST(EnsembleLifetime, throw_if_stopped_outside_a_scope_does_nothing) {
  EXPECT_NO_THROW(throw_if_stopped());
  std::atomic<bool> stop{true};
  {
    const StopScope scope(&stop);
    EXPECT_THROW(throw_if_stopped(), Interrupted);
  }
  EXPECT_NO_THROW(throw_if_stopped());
}

}  // namespace
}  // namespace clustersim
