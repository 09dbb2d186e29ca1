#include "interruptible.hpp"

#include <chrono>
#include <exception>
#include <future>
#include <thread>

#include "bindings.hpp"
#include "sim/interrupt.hpp"

namespace clustersim::python {
namespace {

// How often the waiting thread looks for a signal: a Ctrl-C is honoured within this and
// a chunk of the engine's work.
constexpr auto kSignalPoll = std::chrono::milliseconds(20);

}  // namespace

void run_interruptible(const std::function<void(const std::atomic<bool>* stop)>& work) {
  std::atomic<bool> stop{false};
  std::exception_ptr error;
  bool signalled = false;
  {
    const py::gil_scoped_release release;
    std::promise<void> done;
    auto finished = done.get_future();
    std::thread worker([&] {
      try {
        const StopScope scope(&stop);  // the thread's own loops watch the flag too
        work(&stop);
      } catch (...) {
        error = std::current_exception();
      }
      done.set_value();
    });
    while (finished.wait_for(kSignalPoll) != std::future_status::ready) {
      if (signalled) continue;  // stopping: wait for the work to end
      const py::gil_scoped_acquire acquire;
      if (PyErr_CheckSignals() != 0) {  // the handler raised; the error stays set
        signalled = true;
        stop = true;
      }
    }
    worker.join();
  }
  if (signalled) throw py::error_already_set();
  if (error) std::rethrow_exception(error);
}

}  // namespace clustersim::python
