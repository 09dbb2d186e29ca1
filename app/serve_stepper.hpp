#pragma once
// An ensemble the browser steps month by month. It runs exactly what run_ensemble runs
// (build each replication's world, record column 0, then step and record month by
// month, sim/simulation.hpp), but keeps the worlds between calls so that the page can
// step, pause and resume. Replications advance together, one oneTBB task each.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "models/cluster_model.hpp"
#include "sim/dataset.hpp"
#include "sim/results_file.hpp"

namespace clustersim::app {

// One partner network at the current month: firms alive, universities with contracts,
// links between firms with their trust.
struct NetworkView {
  struct Node {
    std::int32_t id;   // firm id, or -1 - university index for universities
    std::string kind;  // "firm" or "university"
    std::int32_t cluster;
    double size;  // employees (firms) or staff (universities)
  };
  struct Link {
    std::int32_t source, target;  // node ids
    double trust;                 // 1 for a university contract
  };
  std::string label;  // month of the state shown
  std::vector<Node> nodes;
  std::vector<Link> links;
};

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
  std::vector<World> worlds_;
  std::vector<Recorder<World>> recorders_;
  std::vector<std::vector<double>> rows_;  // recorder output per replication
  MetricTable table_;
  int months_done_ = 0;
  // Snapshots the scenario asks for, per replication, by column label (written in
  // replication order, as `run` writes them).
  std::vector<std::map<std::string, DatasetGroup>> snapshots_;
};

}  // namespace clustersim::app
