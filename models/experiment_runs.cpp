#include "models/experiment_runs.hpp"

#include "analysis/experiment_runner.hpp"

namespace clustersim {

std::vector<MetricTable> run_scenarios(const std::vector<Scenario>& scenarios,
                                       const std::atomic<bool>* stop,
                                       const std::function<void(long, long)>& on_run) {
  std::vector<MetricTable> tables;
  ExperimentShape shape{int(scenarios.size()), 0};
  for (const auto& s : scenarios) {
    tables.emplace_back(cluster_model(s).metrics, s.replications, s.calendar.months() + 1);
    shape.replications_of_variant.push_back(s.replications);
  }
  ExperimentCallbacks callbacks;
  callbacks.run = [&](int v, int r) { return run_replication(scenarios[std::size_t(v)], r, stop); };
  callbacks.finished = [&](int v, int r, const ReplicationSeries& series) {
    tables[std::size_t(v)].set_replication(r, series);
  };
  callbacks.progress = on_run;
  run_experiment(shape, nullptr, callbacks, stop);
  return tables;
}

}  // namespace clustersim
