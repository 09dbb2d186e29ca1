#pragma once
// Loops over agents split across threads. The grain (indices per task) is a process
// setting so that tests can lower it and make small worlds run in many chunks; a
// world smaller than the grain runs in one chunk on the calling thread.
#include <atomic>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

namespace clustersim {

inline constexpr int kDefaultParallelGrain = 512;

inline std::atomic<int>& parallel_grain_setting() {
  static std::atomic<int> grain{kDefaultParallelGrain};
  return grain;
}

inline int parallel_grain() {
  return parallel_grain_setting().load(std::memory_order_relaxed);
}

// Sets the grain (at least 1); returns the previous value.
inline int set_parallel_grain(int grain) {
  return parallel_grain_setting().exchange(grain < 1 ? 1 : grain);
}

// Runs body(i) for i in [0, n); bodies must write only what belongs to index i.
template <class Body>
void parallel_for_index(int n, Body&& body) {
  tbb::parallel_for(tbb::blocked_range<int>(0, n, parallel_grain()),
                    [&](const tbb::blocked_range<int>& range) {
                      for (int i = range.begin(); i != range.end(); ++i) body(i);
                    });
}

}  // namespace clustersim
