#pragma once
// SIGINT and SIGTERM set a flag that the runner checks between phases, so an
// interrupted run stops cleanly and its caller can remove partial output. Long work
// inside a phase checks the flag of its thread's StopScope: the engine opens one over
// each replication, parallel_for_index checks it once per chunk (sim/parallel.hpp) and
// long serial loops call stop_point, so a stop is honoured well within a second even in
// the largest worlds.
#include <atomic>

namespace clustersim {

// Thrown when a run is stopped by SIGINT or SIGTERM (or the caller's stop flag).
struct Interrupted {};

void install_interrupt_handlers();
const std::atomic<bool>& interrupt_flag();

// The flags a thread watches: the caller's stop (SIGINT, SIGTERM, a cancel) and the
// ensemble's own, set when one of its replications fails, so that the others end
// within a chunk of work too. Either may be nullptr.
struct StopFlags {
  const std::atomic<bool>* stop = nullptr;
  const std::atomic<bool>* failed = nullptr;
};

// While alive, throw_if_stopped() on this thread watches `stop` and `failed` (nullptr:
// nothing). The engine opens one around each replication (build, months, records and
// its results' writing), so a model's loops can stop early without a stop flag in their
// signatures.
class StopScope {
 public:
  explicit StopScope(const std::atomic<bool>* stop, const std::atomic<bool>* failed = nullptr);
  ~StopScope();
  StopScope(const StopScope&) = delete;
  StopScope& operator=(const StopScope&) = delete;

 private:
  StopFlags previous_;
};

// The flags of the current thread's innermost StopScope (none outside any). Parallel
// loops hand them to their worker threads, which have scopes of their own.
StopFlags current_stop_flags();

// Throws Interrupted when `stop` is set (nullptr: never).
inline void throw_if_set(const std::atomic<bool>* stop) {
  if (stop && stop->load(std::memory_order_relaxed)) throw Interrupted{};
}

inline void throw_if_set(StopFlags flags) {
  throw_if_set(flags.stop);
  throw_if_set(flags.failed);
}

// Throws Interrupted when a flag of the current thread's StopScope is set.
void throw_if_stopped();

// A place in a long serial loop over agents where a stop may be honoured: checks the
// thread's flag once every 2048 iterations, so the loop itself stays cheap.
inline void stop_point(int iteration) {
  if ((iteration & 2047) == 0) throw_if_stopped();
}

}  // namespace clustersim
