#include "app/serve/serve_stepper.hpp"

#include <tbb/task_arena.h>

#include "models/run_results.hpp"
#include "models/snapshot.hpp"

namespace clustersim::app {

PageEnsemble::PageEnsemble(Scenario scenario)
    : scenario_(std::move(scenario)),
      model_(cluster_model(scenario_)),
      labels_(column_labels(scenario_.calendar)),
      snapshots_(std::size_t(scenario_.replications)),
      ensemble_(
          model_, ensemble_shape(scenario_), nullptr,
          [this](int r, int column, const World& world) { keep_snapshot(r, column, world); }) {}

void PageEnsemble::advance() {
  ensemble_.advance(
      nullptr, [this](int r, int column, const World& world) { keep_snapshot(r, column, world); });
}

void PageEnsemble::keep_snapshot(int replication, int column, const World& world) {
  if (is_snapshot_month(scenario_, world, column))
    snapshots_[std::size_t(replication)][labels_[std::size_t(column)]] = capture_snapshot(world);
}

NetworkView PageEnsemble::network(int replication) const {
  return network_view(ensemble_.world(replication), labels_[std::size_t(months_done())]);
}

void PageEnsemble::write_results(const std::string& path, const std::string& command_line) const {
  ResultsWriter writer(path, true);
  write_run_header(writer, scenario_, command_line, tbb::this_task_arena::max_concurrency());
  for (std::size_t r = 0; r < snapshots_.size(); ++r)
    for (const auto& [label, group] : snapshots_[r])
      writer.write_group(snapshot_group(label, int(r)), group);
  writer.write_metrics(table(), scenario_.output.compression);
  writer.commit();
}

}  // namespace clustersim::app
