#pragma once
// The engine: a model is a fixed sequence of named phases over its own world type,
// plus a recorder; the runner steps replications month by month and hands each
// recorded column to the caller. Output and reporting are not the engine's business.
//
// Replications run concurrently (one oneTBB task each); inside a replication the
// phases may split their own loops (sim/parallel.hpp). Every replication writes only
// its own rows of the table, so results do not depend on the thread count.
#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

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
};

template <class World>
struct RunOptions {
  // Called after each recorded column (t = 0 initial, t = m after month m). Calls for
  // different replications may come from different threads at once.
  std::function<void(const World&, int replication, int t)> on_record;
  // Called once a replication has recorded its last column (any thread).
  std::function<void(int replication)> on_replication_done;
  // Serialised by the engine.
  std::function<void(long done, long total)> on_progress;
  const std::atomic<bool>* stop = nullptr;
};

template <class World>
void step_month(const ModelDefinition<World>& model, World& world) {
  for (const auto& phase : model.phases) phase.run(world);
}

namespace detail {

template <class World>
class EnsembleRun {
 public:
  EnsembleRun(const ModelDefinition<World>& model, EnsembleShape shape,
              const RunOptions<World>& options)
      : model_(model),
        shape_(shape),
        options_(options),
        table_(model.metrics, shape.replications, shape.months + 1) {}

  // At most one world per thread is alive: isolation keeps a thread that waits inside a
  // replication's own parallel loop from starting another replication meanwhile (and
  // building a second world). Each world is freed when its replication ends; only the
  // metric table, months x metrics x replications, lives for the whole run.
  MetricTable run() {
    tbb::parallel_for(tbb::blocked_range<int>(0, shape_.replications, 1),
                      [this](const tbb::blocked_range<int>& range) {
                        for (int r = range.begin(); r != range.end(); ++r)
                          tbb::this_task_arena::isolate([&] { replicate(r); });
                      });
    return std::move(table_);
  }

 private:
  World build(int r) {
    const StopScope scope(options_.stop);  // the model's build may throw Interrupted
    if (options_.stop && options_.stop->load()) throw Interrupted{};
    return model_.build(static_cast<std::uint32_t>(r));
  }

  void replicate(int r) {
    World world = build(r);
    const Recorder<World> recorder = model_.make_recorder();
    std::vector<double> row(model_.metrics.size());
    record(world, recorder, row, r, 0);
    for (int t = 1; t <= shape_.months; ++t) {
      // Checked before every phase, not only every month: a month of a large world takes
      // seconds, and an interrupted run is discarded, so stopping mid-month is harmless.
      for (const auto& phase : model_.phases) {
        if (options_.stop && options_.stop->load()) throw Interrupted{};
        phase.run(world);
      }
      record(world, recorder, row, r, t);
      report_progress();
    }
    if (options_.on_replication_done) options_.on_replication_done(r);
  }

  void record(const World& world, const Recorder<World>& recorder, std::vector<double>& row, int r,
              int t) {
    recorder(world, row.data());
    for (std::size_t m = 0; m < row.size(); ++m) table_.at(int(m), r, t) = row[m];
    if (options_.on_record) options_.on_record(world, r, t);
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
