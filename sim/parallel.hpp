#pragma once
// Loops over agents split across threads. The grain (indices per task) is a process
// setting so that tests can lower it and make small worlds run in many chunks; a
// world smaller than the grain runs in one chunk on the calling thread.
//
// The loop checks the calling thread's stop flags (sim/interrupt.hpp) once per grain of
// indices and throws Interrupted when it is set, so a stop arrives within one grain of
// work however large the world is. The check reads two atomics per grain.
#include <atomic>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include "sim/interrupt.hpp"

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

// Called, when set, at the start of every chunk [begin, end) of a loop over [0, n), on the
// thread that runs it: tests record which threads ran chunks, to show that a thread-count
// comparison really spread the work (on a busy machine the calling thread may run every
// chunk itself). One load a chunk.
using ChunkObserver = void (*)(int begin, int end, int n);

inline std::atomic<ChunkObserver>& chunk_observer() {
  static std::atomic<ChunkObserver> observer{nullptr};
  return observer;
}

// Runs body(i) for i in [0, n); bodies must write only what belongs to index i.
template <class Body>
void parallel_for_index(int n, Body&& body) {
  // Worker threads have no StopScope of their own: they watch the caller's flags.
  const StopFlags stop = current_stop_flags();
  const int grain = parallel_grain();
  tbb::parallel_for(tbb::blocked_range<int>(0, n, grain),
                    [&](const tbb::blocked_range<int>& range) {
                      if (auto observe = chunk_observer().load(std::memory_order_relaxed))
                        observe(range.begin(), range.end(), n);
                      // The partitioner may hand one thread a range far above the grain: check per
                      // grain.
                      for (int begin = range.begin(); begin < range.end(); begin += grain) {
                        throw_if_set(stop);
                        const int end = range.end() - begin > grain ? begin + grain : range.end();
                        for (int i = begin; i != end; ++i) body(i);
                      }
                    });
}

}  // namespace clustersim
