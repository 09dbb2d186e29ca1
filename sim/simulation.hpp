#pragma once
// The engine: a model is a fixed sequence of named phases over its own world type,
// plus a recorder; the runner steps replications month by month and hands each
// recorded column to the caller. Output and reporting are not the engine's business.
//
// Replications run concurrently (one oneTBB task per thread, each taking replications
// in turn); inside a replication the phases may split their own loops (sim/parallel.hpp).
// Every replication records into its own series, so results do not depend on the thread
// count.
#include <algorithm>
#include <atomic>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include <tbb/task_arena.h>
#include <tbb/task_group.h>

#include "sim/interrupt.hpp"
#include "sim/metric_table.hpp"

namespace clustersim {

template <class World>
struct Phase {
  std::string name;
  std::function<void(World&)> run;
};

// Writes one value per metric, in the model's `metrics` order.
template <class World>
using Recorder = std::function<void(const World&, double* row)>;

template <class World>
struct ModelDefinition {
  std::function<World(std::uint32_t replication)> build;
  std::vector<Phase<World>> phases;  // run in this order every month
  std::vector<MetricInfo> metrics;
  // One recorder per replication: recorders may keep work arrays, and replications
  // run concurrently. Called for the initial state and after every month.
  std::function<Recorder<World>()> make_recorder;
};

struct EnsembleShape {
  int replications = 1;
  int months = 0;
  // Replications first .. first + replications - 1 are run (their random streams); the
  // table's rows and the callbacks number them from 0. An experiment runs one
  // replication of a design point at a time this way.
  int first_replication = 0;
};

template <class World>
struct RunOptions {
  // Called after each recorded column (t = 0 initial, t = m after month m). Calls for
  // different replications may come from different threads at once.
  std::function<void(const World&, int replication, int t)> on_record;
  // Called once a replication has recorded its last column, with everything it recorded
  // (any thread; calls for different replications may come at once).
  std::function<void(int replication, const ReplicationSeries&)> on_replication_done;
  // Serialised by the engine.
  std::function<void(long done, long total)> on_progress;
  const std::atomic<bool>* stop = nullptr;
  // false: run_ensemble returns an empty table, and the caller keeps what it needs of
  // each replication from on_replication_done (a results file takes each as it ends).
  bool keep_table = true;
};

template <class World>
void step_month(const ModelDefinition<World>& model, World& world) {
  for (const auto& phase : model.phases) phase.run(world);
}

// One replication, stepped by its caller: the world is built and column 0 (the initial
// state) recorded at construction; each advance() runs one month's phases, checking the
// thread's stop scope before each, and records the next column. run_ensemble drives one
// to the end on each worker; the browser page steps many together and keeps them; `stress`
// steps each only until its metric crosses.
template <class World>
class ReplicationRun {
 public:
  ReplicationRun(const ModelDefinition<World>& model, int replication, int months)
      : model_(&model),
        replication_(replication),
        months_(months),
        world_(model.build(static_cast<std::uint32_t>(replication))),
        recorder_(model.make_recorder()),
        series_(int(model.metrics.size()), months + 1),
        row_(model.metrics.size()) {
    record();
  }

  int replication() const { return replication_; }
  int months_done() const { return done_; }
  bool finished() const { return done_ >= months_; }
  const World& world() const { return world_; }
  const ReplicationSeries& series() const { return series_; }

  // One month, recorded; nothing when finished.
  void advance() {
    if (finished()) return;
    for (const auto& phase : model_->phases) {
      throw_if_stopped();
      phase.run(world_);
    }
    ++done_;
    record();
  }

  // Months until `reached(series(), t)` holds for the column t just recorded, or to the
  // end; true when it held. A caller waiting for an event (a crossing) stops stepping there.
  template <class Reached>
  bool advance_until(const Reached& reached) {
    while (!finished()) {
      advance();
      if (reached(series_, done_)) return true;
    }
    return false;
  }

  void advance_to_end() {
    advance_until([](const ReplicationSeries&, int) { return false; });
  }

 private:
  void record() {
    recorder_(world_, row_.data());
    for (std::size_t m = 0; m < row_.size(); ++m) series_.at(int(m), done_) = row_[m];
  }

  const ModelDefinition<World>* model_;
  int replication_, months_;
  World world_;
  Recorder<World> recorder_;
  ReplicationSeries series_;
  std::vector<double> row_;
  int done_ = 0;
};

namespace detail {

template <class World>
class EnsembleRun {
 public:
  EnsembleRun(const ModelDefinition<World>& model, EnsembleShape shape,
              const RunOptions<World>& options)
      : model_(model),
        shape_(shape),
        options_(options),
        table_(model.metrics, options.keep_table ? shape.replications : 0, shape.months + 1) {}

  // Replications start in ascending order, each task taking the next one when it is
  // free, so those that finish early are the early ones and whatever a caller holds
  // back for replication order stays small. At most one world per thread is alive:
  // isolation keeps a thread that waits inside a replication's own parallel loop from
  // starting another replication meanwhile (and building a second world). Each world
  // is freed when its replication ends.
  // A replication that fails (a full disk, a bad allocation) sets failed_, which every
  // replication's StopScope watches: the others end within a chunk of work (a phase's
  // grain, a stop point, a metric being written), no task takes a new replication, and
  // the first error is rethrown, not the Interrupted of those it ended.
  MetricTable run() {
    const int tasks = std::min(shape_.replications, tbb::this_task_arena::max_concurrency());
    tbb::task_group group;
    for (int task = 0; task < tasks; ++task)
      group.run([this] {
        for (int r = next_++; r < shape_.replications && !failed_; r = next_++) {
          try {
            tbb::this_task_arena::isolate([&] { replicate(r); });
          } catch (...) {
            if (!failed_.exchange(true)) first_error_ = std::current_exception();
            return;
          }
        }
      });
    group.wait();
    if (first_error_) std::rethrow_exception(first_error_);
    return std::move(table_);
  }

 private:
  void replicate(int r) {
    // The model's build, phases and recorder may throw Interrupted from inside their
    // loops (throw_if_stopped, parallel_for_index); an interrupted run is discarded, so
    // stopping mid-month is harmless.
    const StopScope scope(options_.stop, &failed_);
    throw_if_stopped();
    ReplicationRun<World> run(model_, shape_.first_replication + r, shape_.months);
    if (options_.on_record) options_.on_record(run.world(), r, 0);
    while (!run.finished()) {
      run.advance();
      if (options_.on_record) options_.on_record(run.world(), r, run.months_done());
      report_progress();
    }
    throw_if_stopped();
    if (options_.keep_table) table_.set_replication(r, run.series());
    if (options_.on_replication_done) options_.on_replication_done(r, run.series());
  }

  void report_progress() {
    const long done = ++done_;
    if (!options_.on_progress) return;
    std::lock_guard lock(progress_mutex_);
    options_.on_progress(done, long(shape_.replications) * shape_.months);
  }

  const ModelDefinition<World>& model_;
  EnsembleShape shape_;
  const RunOptions<World>& options_;
  MetricTable table_;
  std::atomic<int> next_{0};         // the next replication to start
  std::atomic<bool> failed_{false};  // a replication failed (or was stopped)
  std::exception_ptr first_error_;   // what the first to set failed_ threw
  std::atomic<long> done_{0};
  std::mutex progress_mutex_;
};

}  // namespace detail

template <class World>
MetricTable run_ensemble(const ModelDefinition<World>& model, EnsembleShape shape,
                         const RunOptions<World>& options = {}) {
  return detail::EnsembleRun<World>(model, shape, options).run();
}

}  // namespace clustersim
