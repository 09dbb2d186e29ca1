#pragma once
// Engine work called from Python: the GIL is released while it runs, and Ctrl-C stops it.
#include <atomic>
#include <functional>
#include <optional>
#include <utility>

namespace clustersim::python {

// Runs `work` on a thread of its own, the GIL released, while the calling thread waits
// and checks for signals (only Python's main thread may run their handlers, so it is the
// one that waits). A signal whose handler raises (Ctrl-C: KeyboardInterrupt) sets the
// stop flag `work` is given and that its thread's StopScope watches; once the work has
// ended, that exception is raised. Other exceptions of `work` are rethrown here.
// `work` must not touch Python objects.
void run_interruptible(const std::function<void(const std::atomic<bool>* stop)>& work);

// The same for work with a result.
template <class Work>
auto run_interruptible_for(Work&& work) {
  using Result = decltype(work(std::declval<const std::atomic<bool>*>()));
  std::optional<Result> result;
  run_interruptible([&](const std::atomic<bool>* stop) { result.emplace(work(stop)); });
  return std::move(*result);
}

}  // namespace clustersim::python
