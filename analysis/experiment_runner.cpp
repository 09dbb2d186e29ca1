#include "analysis/experiment_runner.hpp"

#include <tbb/task_arena.h>
#include <tbb/task_group.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <mutex>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "analysis/run_distribution.hpp"
#include "sim/interrupt.hpp"

namespace clustersim {
namespace {

using Pending = std::vector<std::pair<int, int>>;
using Finished = std::function<void(const SharedRun&)>;

// Test-only: an environment variable naming a run "V/R".
bool injected(const char* variable, int v, int r) {
  const char* text = std::getenv(variable);
  int variant = -1, replication = -1;
  return text && std::sscanf(text, "%d/%d", &variant, &replication) == 2 && variant == v &&
         replication == r;
}

// One run on this process: isolated (a worker waiting inside its run's parallel loops
// starts no other run) and scoped (its loops end early on a stop or another's failure).
SharedRun run_one(const ExperimentCallbacks& callbacks, int v, int r, const std::atomic<bool>* stop,
                  const std::atomic<bool>* failed) {
  if (injected("CLUSTERSIM_KILL_RUN", v, r)) std::raise(SIGKILL);
  if (injected("CLUSTERSIM_FAIL_RUN", v, r))
    throw std::runtime_error("injected failure (CLUSTERSIM_FAIL_RUN=" + std::to_string(v) + "/" +
                             std::to_string(r) + ")");
  SharedRun run{v, r, tbb::this_task_arena::isolate([&] {
                  const StopScope scope(stop, failed);
                  return callbacks.run(v, r);
                })};
  if (callbacks.attachment) run.attachment = callbacks.attachment(v, r);
  return run;
}

// `pending` taken in order by this process's free threads, one world per thread.
void run_locally(const Pending& pending, const ExperimentCallbacks& callbacks,
                 const Finished& finished, const std::atomic<bool>* stop) {
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
          finished(run_one(callbacks, v, r, stop, &failed));
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

// A worker rank: makes what rank 0 hands out; a search's ranks then all see every result.
void serve_as_worker(const ExperimentShape& shape, const ExperimentCallbacks& callbacks,
                     const std::atomic<bool>* stop, RunDistributor& distributor) {
  const std::atomic<bool> failed{false};
  distributor.serve([&](int v, int r) { return run_one(callbacks, v, r, stop, &failed); }, stop);
  if (!shape.steers_next_runs) throw WorkerDone{};
  std::vector<SharedRun> runs;
  distributor.share_runs(runs);
  // No progress: rank 0 shows the job's.
  for (const auto& run : runs)
    if (callbacks.finished) callbacks.finished(run.variant, run.replication, run.series);
}

}  // namespace

void run_experiment(const ExperimentShape& shape, RunJournal* journal,
                    const ExperimentCallbacks& callbacks, const std::atomic<bool>* stop) {
  RunDistributor* distributor = run_distributor();
  if (distributor && !distributor->coordinator())
    return serve_as_worker(shape, callbacks, stop, *distributor);
  const RunShard* shard = run_shard();
  if (shard && shape.steers_next_runs)
    throw std::logic_error("a search's runs cannot be sharded (the command must refuse --shard)");

  std::mutex serial;
  long done = 0, total = 0;
  std::vector<SharedRun> shared;  // a search's results, for the workers
  const auto finished = [&](int v, int r, const ReplicationSeries& series) {
    const std::lock_guard lock(serial);
    if (shard)
      shard->sink->add(v, r, series);
    else if (callbacks.finished)
      callbacks.finished(v, r, series);
    if (distributor && shape.steers_next_runs) shared.push_back({v, r, series});
    ++done;
    if (callbacks.progress) callbacks.progress(done, total);
  };
  Pending pending;
  std::vector<std::pair<int, int>> replayed;
  long index = 0;
  for (int v = shape.first_variant; v < shape.first_variant + shape.variants; ++v)
    for (int r = 0; r < shape.replications_of(v - shape.first_variant); ++r, ++index) {
      if (shard && !shard->owns(index)) continue;
      ++total;
      if (journal && journal->has(v, r))
        replayed.emplace_back(v, r);
      else
        pending.emplace_back(v, r);
    }
  for (const auto& [v, r] : replayed) {
    throw_if_set(stop);
    finished(v, r, journal->load(v, r));
  }
  const auto fresh = [&](const SharedRun& run) {
    if (journal) journal->save(run.variant, run.replication, run.series);
    if (callbacks.attached && !shard) {
      const std::lock_guard lock(serial);
      callbacks.attached(run.variant, run.replication, run.attachment);
    }
    finished(run.variant, run.replication, run.series);
  };
  if (distributor)
    distributor->coordinate(pending, fresh, stop);
  else
    run_locally(pending, callbacks, fresh, stop);
  if (distributor && shape.steers_next_runs) distributor->share_runs(shared);
  if (shard) {
    shard->sink->commit();
    throw ShardWritten{total};
  }
}

}  // namespace clustersim
