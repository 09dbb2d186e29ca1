#pragma once
// An ensemble Python steps month by month: one engine ReplicationRun per replication (the
// stepper run_ensemble drives, so the metrics equal a run's), stepped together, its firms'
// state readable between steps.
#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "loaded_scenario.hpp"
#include "models/cluster_model.hpp"

namespace clustersim::python {

class Stepper {
 public:
  Stepper(LoadedScenario scenario, int threads);

  const LoadedScenario& scenario() const { return scenario_; }
  int months_done() const { return months_done_; }
  int months() const { return shape_.months; }
  int replications() const { return shape_.replications; }
  const std::vector<std::string>& labels() const { return labels_; }
  // Columns 0 .. months_done() are filled; the rest are 0.
  const MetricTable& table() const { return table_; }

  // Steps every replication by up to `months` months (GIL released; Ctrl-C raises
  // KeyboardInterrupt and leaves the stepper unusable: a month was cut short).
  void step(int months);
  const World& world(int replication) const;

 private:
  void build(const std::atomic<bool>* stop);
  void advance(const std::atomic<bool>* stop);
  void check_usable() const;

  LoadedScenario scenario_;
  int threads_;
  ClusterModel model_;
  EnsembleShape shape_;
  std::vector<std::string> labels_;
  std::vector<std::unique_ptr<ReplicationRun<World>>> runs_;
  MetricTable table_;
  int months_done_ = 0;
  bool broken_ = false;
};

}  // namespace clustersim::python
