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

// Runs `run` on exactly `threads` threads: a task arena of that many slots under a
// global limit of the same size, so 4 threads run even on a machine with fewer cores.
MetricTable run_on_threads(int threads, const std::function<MetricTable()>& run);

// Success when `a` and `b` declare the same metrics and shape and every value has the
// same bytes (so -0.0 differs from 0.0 and NaNs compare by payload); otherwise a
// failure naming how many values differ and the first difference.
::testing::AssertionResult identical_tables(const MetricTable& a, const MetricTable& b);

// Runs `run` once per entry of `threads` and compares every table with the first one.
::testing::AssertionResult same_on_thread_counts(const std::function<MetricTable()>& run,
                                                 const std::vector<int>& threads = {1, 2, 4});

}  // namespace clustersim::testing
