#pragma once
// Thread-count determinism, checked the same way for every model: run one computation
// at several thread counts and compare every value of the resulting tables bit for bit.
//
// A check only means something if the parallel loops really split: worlds smaller than
// the parallel grain run in one chunk on one thread. Tests therefore lower the grain
// with ScopedParallelGrain (kTestGrain indices per task), so that a 164-slot world runs
// in about twenty chunks.
#include <gtest/gtest.h>

#include <functional>
#include <vector>

#include "sim/metric_table.hpp"

namespace clustersim::testing {

// Indices per task in determinism tests: small enough that every shipped scenario's
// firm loops split into many chunks.
inline constexpr int kTestGrain = 8;

// Sets the parallel grain (sim/parallel.hpp) for its lifetime and restores the old one.
class ScopedParallelGrain {
 public:
  explicit ScopedParallelGrain(int grain);
  ~ScopedParallelGrain();
  ScopedParallelGrain(const ScopedParallelGrain&) = delete;
  ScopedParallelGrain& operator=(const ScopedParallelGrain&) = delete;

 private:
  int previous_;
};

// Records, while it lives, the threads that run chunks of parallel_for_index (through
// sim/parallel.hpp's chunk observer; one recorder at a time). With
// `wait_for_a_second_thread`, the first thread to run a chunk of a loop that has more than
// one waits there (up to 10 s, once) until another thread has run a chunk, so that a
// loaded machine still shares the work instead of failing the check at random.
class ChunkThreads {
 public:
  explicit ChunkThreads(bool wait_for_a_second_thread = false);
  ~ChunkThreads();
  ChunkThreads(const ChunkThreads&) = delete;
  ChunkThreads& operator=(const ChunkThreads&) = delete;
  // How many threads ran at least one chunk so far.
  int count() const;
};

// Runs `run` on exactly `threads` threads: a task arena of that many slots under a
// global limit of the same size, so 4 threads run even on a machine with fewer cores.
MetricTable run_on_threads(int threads, const std::function<MetricTable()>& run);

// Success when `a` and `b` declare the same metrics and shape and every value has the
// same bytes (so -0.0 differs from 0.0 and NaNs compare by payload); otherwise a
// failure naming how many values differ and the first difference.
::testing::AssertionResult identical_tables(const MetricTable& a, const MetricTable& b);

// Runs `run` once per entry of `threads` and compares every table with the first one.
// A run on more than one thread must also have run chunks on at least two threads (split
// loops, or replications on threads of their own), waiting for a second thread once per
// run (ChunkThreads): if one thread ran them all, the comparison showed nothing, and that
// is a failure too.
::testing::AssertionResult same_on_thread_counts(const std::function<MetricTable()>& run,
                                                 const std::vector<int>& threads = {1, 2, 4});

}  // namespace clustersim::testing
