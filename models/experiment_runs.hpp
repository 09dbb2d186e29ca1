#pragma once
// Scenarios run through the one experiments runner (analysis/experiment_runner.hpp):
// what `sweep`, the page's compare and grid run, each run a replication of a scenario
// (run_replication), so their results are those of `clustersim run` with the same seed.
#include <atomic>
#include <functional>
#include <vector>

#include "models/cluster_model.hpp"

namespace clustersim {

// Every replication of each scenario, one table each; stoppable (throws Interrupted).
// `on_run` is told how many runs of all are done.
std::vector<MetricTable> run_scenarios(const std::vector<Scenario>& scenarios,
                                       const std::atomic<bool>* stop,
                                       const std::function<void(long, long)>& on_run = {});

}  // namespace clustersim
