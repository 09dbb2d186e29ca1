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

// While alive, throw_if_stopped() on this thread watches `stop` (nullptr: nothing). The
// engine opens one around each replication (build, months and records), so a model's
// loops can stop early without a stop flag in their signatures.
class StopScope {
 public:
  explicit StopScope(const std::atomic<bool>* stop);
  ~StopScope();
  StopScope(const StopScope&) = delete;
  StopScope& operator=(const StopScope&) = delete;

 private:
  const std::atomic<bool>* previous_;
};

// The flag of the current thread's innermost StopScope (nullptr outside any). Parallel
// loops hand it to their worker threads, which have scopes of their own.
const std::atomic<bool>* current_stop_flag();

// Throws Interrupted when `stop` is set (nullptr: never).
inline void throw_if_set(const std::atomic<bool>* stop) {
  if (stop && stop->load(std::memory_order_relaxed)) throw Interrupted{};
}

// Throws Interrupted when the current thread's StopScope flag is set.
void throw_if_stopped();

// A place in a long serial loop over agents where a stop may be honoured: checks the
// thread's flag once every 2048 iterations, so the loop itself stays cheap.
inline void stop_point(int iteration) {
  if ((iteration & 2047) == 0) throw_if_stopped();
}

}  // namespace clustersim
