#pragma once
// SIGINT and SIGTERM set a flag that the runner checks between months, so an
// interrupted run stops cleanly and its caller can remove partial output. Long work
// inside a step (building a large world) checks the flag of its thread's StopScope.
#include <atomic>

namespace clustersim {

// Thrown when a run is stopped by SIGINT or SIGTERM (or the caller's stop flag).
struct Interrupted {};

void install_interrupt_handlers();
const std::atomic<bool>& interrupt_flag();

// While alive, throw_if_stopped() on this thread watches `stop` (nullptr: nothing). The
// engine opens one around each world's build, so a model's build loop can stop early
// without a stop flag in its signature.
class StopScope {
 public:
  explicit StopScope(const std::atomic<bool>* stop);
  ~StopScope();
  StopScope(const StopScope&) = delete;
  StopScope& operator=(const StopScope&) = delete;

 private:
  const std::atomic<bool>* previous_;
};

// Throws Interrupted when the current thread's StopScope flag is set.
void throw_if_stopped();

}  // namespace clustersim
