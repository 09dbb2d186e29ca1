#include "app/serve/serve_stepper.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include "models/run_results.hpp"
#include "models/snapshot.hpp"

namespace clustersim::app {

SteppedEnsemble::SteppedEnsemble(Scenario scenario)
    : scenario_(std::move(scenario)),
      model_(cluster_model(scenario_)),
      shape_(ensemble_shape(scenario_)),
      labels_(column_labels(scenario_.calendar)),
      runs_(std::size_t(shape_.replications)),
      table_(model_.metrics, shape_.replications, shape_.months + 1),
      snapshots_(std::size_t(shape_.replications)) {
  // As the engine does: each replication builds its world and records column 0.
  tbb::parallel_for(tbb::blocked_range<int>(0, shape_.replications, 1),
                    [this](const tbb::blocked_range<int>& range) {
                      for (int r = range.begin(); r != range.end(); ++r) {
                        runs_[std::size_t(r)] =
                            std::make_unique<ReplicationRun<World>>(model_, r, shape_.months);
                        record(r, 0);
                      }
                    });
}

void SteppedEnsemble::advance() {
  if (finished()) return;
  const int column = months_done_ + 1;
  tbb::parallel_for(tbb::blocked_range<int>(0, shape_.replications, 1),
                    [this, column](const tbb::blocked_range<int>& range) {
                      for (int r = range.begin(); r != range.end(); ++r) {
                        runs_[std::size_t(r)]->advance();
                        record(r, column);
                      }
                    });
  months_done_ = column;
}

// The column the replication's run just recorded, into the table the charts read.
void SteppedEnsemble::record(int replication, int column) {
  const auto& series = runs_[std::size_t(replication)]->series();
  for (int m = 0; m < series.metrics(); ++m)
    table_.at(m, replication, column) = series.at(m, column);
  keep_snapshot(replication, column);
}

void SteppedEnsemble::keep_snapshot(int replication, int column) {
  const World& world = runs_[std::size_t(replication)]->world();
  if (is_snapshot_month(scenario_, world, column))
    snapshots_[std::size_t(replication)][labels_[std::size_t(column)]] = capture_snapshot(world);
}

NetworkView SteppedEnsemble::network(int replication) const {
  return network_view(runs_.at(std::size_t(replication))->world(),
                      labels_[std::size_t(months_done_)]);
}

void SteppedEnsemble::write_results(const std::string& path,
                                    const std::string& command_line) const {
  ResultsWriter writer(path, true);
  write_run_header(writer, scenario_, command_line, tbb::this_task_arena::max_concurrency());
  for (std::size_t r = 0; r < snapshots_.size(); ++r)
    for (const auto& [label, group] : snapshots_[r])
      writer.write_group(snapshot_group(label, int(r)), group);
  writer.write_metrics(table_, scenario_.output.compression);
  writer.commit();
}

}  // namespace clustersim::app
