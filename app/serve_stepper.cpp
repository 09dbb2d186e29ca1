#include "app/serve_stepper.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include "models/scenario/scenario_writer.hpp"
#include "models/snapshot.hpp"

namespace clustersim::app {

SteppedEnsemble::SteppedEnsemble(Scenario scenario)
    : scenario_(std::move(scenario)),
      model_(cluster_model(scenario_)),
      shape_(ensemble_shape(scenario_)),
      labels_(column_labels(scenario_.calendar)),
      worlds_(std::size_t(shape_.replications)),
      recorders_(std::size_t(shape_.replications)),
      rows_(std::size_t(shape_.replications), std::vector<double>(model_.metrics.size())),
      table_(model_.metrics, shape_.replications, shape_.months + 1),
      snapshots_(std::size_t(shape_.replications)) {
  // As the engine does: each replication builds its world and records column 0.
  tbb::parallel_for(tbb::blocked_range<int>(0, shape_.replications, 1),
                    [this](const tbb::blocked_range<int>& range) {
                      for (int r = range.begin(); r != range.end(); ++r) {
                        worlds_[std::size_t(r)] = model_.build(std::uint32_t(r));
                        recorders_[std::size_t(r)] = model_.make_recorder();
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
                        step_month(model_, worlds_[std::size_t(r)]);
                        record(r, column);
                      }
                    });
  months_done_ = column;
}

void SteppedEnsemble::record(int replication, int column) {
  const auto r = std::size_t(replication);
  auto& row = rows_[r];
  recorders_[r](worlds_[r], row.data());
  for (std::size_t m = 0; m < row.size(); ++m) table_.at(int(m), replication, column) = row[m];
  keep_snapshot(replication, column);
}

void SteppedEnsemble::keep_snapshot(int replication, int column) {
  const World& world = worlds_[std::size_t(replication)];
  if (is_snapshot_month(scenario_, world, column))
    snapshots_[std::size_t(replication)][labels_[std::size_t(column)]] = capture_snapshot(world);
}

NetworkView SteppedEnsemble::network(int replication) const {
  const World& world = worlds_.at(std::size_t(replication));
  const FirmState& f = world.firms;
  NetworkView view;
  view.label = labels_[std::size_t(months_done_)];
  for (int i = 0; i < f.capacity; ++i) {
    const auto n = std::size_t(i);
    if (!f.alive[n]) continue;
    view.nodes.push_back({f.id[n], "firm", f.cluster[n], f.employees[n]});
    const std::size_t first = n * std::size_t(f.partner_slots);
    for (int s = 0; s < f.partner_slots; ++s) {
      const std::int32_t partner = f.partner[first + std::size_t(s)];
      if (partner > i)  // each undirected link once
        view.links.push_back(
            {f.id[n], f.id[std::size_t(partner)], f.trust[first + std::size_t(s)]});
    }
  }
  // Universities appear when firms hold research contracts with them.
  std::vector<bool> shown(std::size_t(world.universities.count), false);
  for (int i = 0; i < f.capacity; ++i) {
    const auto n = std::size_t(i);
    const std::int32_t u = f.university[n];
    if (!f.alive[n] || u < 0) continue;
    if (!shown[std::size_t(u)]) {
      shown[std::size_t(u)] = true;
      view.nodes.push_back({-1 - u, "university", world.universities.cluster[std::size_t(u)],
                            world.universities.staff[std::size_t(u)]});
    }
    view.links.push_back({f.id[n], -1 - u, 1.0});
  }
  return view;
}

void SteppedEnsemble::write_results(const std::string& path,
                                    const std::string& command_line) const {
  ResultsWriter writer(path, true);
  writer.write_header({scenario_.name, command_line, utc_now_iso8601(), scenario_.seed,
                       scenario_.replications, tbb::this_task_arena::max_concurrency()},
                      to_toml(scenario_), labels_);
  for (std::size_t r = 0; r < snapshots_.size(); ++r)
    for (const auto& [label, group] : snapshots_[r])
      writer.write_group("/snapshots/" + label + "/replication_" + std::to_string(r), group);
  writer.write_metrics(table_, scenario_.output.compression);
  writer.commit();
}

}  // namespace clustersim::app
