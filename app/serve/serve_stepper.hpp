#pragma once
// The ensemble a browser tab steps month by month: the engine's SteppedEnsemble
// (sim/stepped_ensemble.hpp, one ReplicationRun per replication, the stepper run_ensemble
// drives) with what the page adds: the scenario it came from, the month labels, the
// snapshots the scenario asks for and the results file it downloads.
#include <map>
#include <string>
#include <vector>

#include "models/cluster_model.hpp"
#include "models/networks/network_view.hpp"
#include "sim/dataset.hpp"
#include "sim/stepped_ensemble.hpp"

namespace clustersim::app {

class PageEnsemble {
 public:
  explicit PageEnsemble(Scenario scenario);
  // The runs point at model_: the ensemble stays where it was built.
  PageEnsemble(const PageEnsemble&) = delete;
  PageEnsemble& operator=(const PageEnsemble&) = delete;

  const Scenario& scenario() const { return scenario_; }
  const MetricTable& table() const { return ensemble_.table(); }
  int months_done() const { return ensemble_.months_done(); }
  int months() const { return ensemble_.months(); }
  bool finished() const { return ensemble_.finished(); }
  const std::vector<std::string>& labels() const { return labels_; }

  // Steps every replication by one month and records it; no-op when finished.
  void advance();
  NetworkView network(int replication) const;
  // Writes the finished ensemble as `clustersim run` would: header with the resolved
  // scenario, snapshots, metrics. The file is committed at `path`.
  void write_results(const std::string& path, const std::string& command_line) const;

 private:
  void keep_snapshot(int replication, int column, const World& world);

  Scenario scenario_;
  ClusterModel model_;
  std::vector<std::string> labels_;
  // Snapshots the scenario asks for, per replication, by column label (written in
  // replication order, as `run` writes them). Before ensemble_: its constructor fills it.
  std::vector<std::map<std::string, DatasetGroup>> snapshots_;
  SteppedEnsemble<World> ensemble_;
};

}  // namespace clustersim::app
