#pragma once
// An ensemble Python steps month by month: the engine's SteppedEnsemble
// (sim/stepped_ensemble.hpp, the stepper run_ensemble drives, so the metrics equal a
// run's), its firms' state readable between steps, built and stepped with the GIL
// released and Ctrl-C stopping it.
#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "loaded_scenario.hpp"
#include "models/cluster_model.hpp"
#include "sim/stepped_ensemble.hpp"

namespace clustersim::python {

class Stepper {
 public:
  Stepper(LoadedScenario scenario, int threads);
  // The runs point at model_: the stepper stays where it was built.
  Stepper(const Stepper&) = delete;
  Stepper& operator=(const Stepper&) = delete;

  const LoadedScenario& scenario() const { return scenario_; }
  int months_done() const { return ensemble_->months_done(); }
  int months() const { return ensemble_->months(); }
  int replications() const { return ensemble_->replications(); }
  const std::vector<std::string>& labels() const { return labels_; }
  // Columns 0 .. months_done() are filled; the rest are 0.
  const MetricTable& table() const { return ensemble_->table(); }

  // Steps every replication by up to `months` months (GIL released; Ctrl-C raises
  // KeyboardInterrupt and leaves the stepper unusable: a month was cut short).
  void step(int months);
  const World& world(int replication) const;

 private:
  void check_usable() const;

  LoadedScenario scenario_;
  int threads_;
  ClusterModel model_;
  std::vector<std::string> labels_;
  std::unique_ptr<SteppedEnsemble<World>> ensemble_;
  bool broken_ = false;
};

}  // namespace clustersim::python
