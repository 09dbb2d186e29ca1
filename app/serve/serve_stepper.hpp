#pragma once
// An ensemble the browser steps month by month: one engine ReplicationRun per
// replication (sim/simulation.hpp, the stepper run_ensemble drives too), kept between
// calls so that the page can step, pause and resume. Replications advance together, one
// oneTBB task each.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "models/cluster_model.hpp"
#include "models/network_view.hpp"
#include "sim/dataset.hpp"
#include "sim/results_file.hpp"

namespace clustersim::app {

class SteppedEnsemble {
 public:
  explicit SteppedEnsemble(Scenario scenario);

  const Scenario& scenario() const { return scenario_; }
  const MetricTable& table() const { return table_; }
  int months_done() const { return months_done_; }
  int months() const { return shape_.months; }
  bool finished() const { return months_done_ >= shape_.months; }
  const std::vector<std::string>& labels() const { return labels_; }

  // Steps every replication by one month and records it; no-op when finished.
  void advance();
  NetworkView network(int replication) const;
  // Writes the finished ensemble as `clustersim run` would: header with the resolved
  // scenario, snapshots, metrics. The file is committed at `path`.
  void write_results(const std::string& path, const std::string& command_line) const;

 private:
  void record(int replication, int column);
  void keep_snapshot(int replication, int column);

  Scenario scenario_;
  ClusterModel model_;
  EnsembleShape shape_;
  std::vector<std::string> labels_;
  std::vector<std::unique_ptr<ReplicationRun<World>>> runs_;
  MetricTable table_;
  int months_done_ = 0;
  // Snapshots the scenario asks for, per replication, by column label (written in
  // replication order, as `run` writes them).
  std::vector<std::map<std::string, DatasetGroup>> snapshots_;
};

}  // namespace clustersim::app
