#pragma once
// The cluster model as the engine runs it: how to build a world, the phases of a
// month in order, and the metrics recorded (some per technology domain, so the list
// depends on the scenario's domains).
#include "models/world.hpp"
#include "sim/simulation.hpp"

namespace clustersim {

using ClusterModel = ModelDefinition<World>;

ClusterModel cluster_model(const Scenario& scenario);

// The shape of the scenario's ensemble (replications, months).
EnsembleShape ensemble_shape(const Scenario& scenario);

// Replication `replication` of the scenario alone, as run_ensemble runs it: what one run
// of an experiment is (analysis/experiment_runner.hpp). Throws Interrupted on `stop`.
ReplicationSeries run_replication(const Scenario& scenario, int replication,
                                  const std::atomic<bool>* stop);

}  // namespace clustersim
