#include "analysis/experiment_runner.hpp"

#include <tbb/task_arena.h>
#include <tbb/task_group.h>

#include <exception>
#include <mutex>
#include <utility>
#include <vector>

#include "sim/interrupt.hpp"

namespace clustersim {

void run_experiment(const ExperimentShape& shape, RunJournal* journal,
                    const ExperimentCallbacks& callbacks, const std::atomic<bool>* stop) {
  std::mutex serial;
  long done = 0;
  const auto finished = [&](int v, int r, const ReplicationSeries& series) {
    const std::lock_guard lock(serial);
    if (callbacks.finished) callbacks.finished(v, r, series);
    ++done;
    if (callbacks.progress) callbacks.progress(done, shape.runs());
  };
  std::vector<std::pair<int, int>> pending;
  for (int v = shape.first_variant; v < shape.first_variant + shape.variants; ++v)
    for (int r = 0; r < shape.replications_of(v - shape.first_variant); ++r) {
      if (journal && journal->has(v, r)) {
        throw_if_set(stop);
        finished(v, r, journal->load(v, r));
      } else {
        pending.emplace_back(v, r);
      }
    }
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  std::exception_ptr first_error;
  const int workers = int(
      std::min<std::size_t>(pending.size(), std::size_t(tbb::this_task_arena::max_concurrency())));
  tbb::task_group group;
  for (int w = 0; w < workers; ++w)
    group.run([&] {
      for (std::size_t i = next++; i < pending.size() && !failed; i = next++) {
        try {
          throw_if_set(stop);
          // Named, not bound: clang 14 cannot capture structured bindings in lambdas.
          const int v = pending[i].first, r = pending[i].second;
          // Isolated: a worker waiting inside its run's parallel loops starts no other run.
          // Scoped: the run's own loops end early on a stop or another run's failure.
          ReplicationSeries series = tbb::this_task_arena::isolate([&] {
            const StopScope scope(stop, &failed);
            return callbacks.run(v, r);
          });
          if (journal) journal->save(v, r, series);
          finished(v, r, series);
        } catch (...) {
          // The first error, not the Interrupted of the runs it ended.
          if (!failed.exchange(true)) first_error = std::current_exception();
          return;
        }
      }
    });
  group.wait();
  if (first_error) std::rethrow_exception(first_error);
}

}  // namespace clustersim
