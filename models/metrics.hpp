#pragma once
// The monthly metrics of the cluster model (names, units, descriptions and how
// each is computed). Names are stable: add new ones, never rename.
#include <vector>

#include "sim/scenario.hpp"
#include "sim/simulation.hpp"

namespace clustersim {

std::vector<MetricInfo> cluster_metric_infos(const Scenario& scenario);
// Returns a recorder that writes one row in cluster_metric_infos() order. It keeps
// its own work arrays between calls.
std::function<void(const World&, double*)> make_cluster_recorder();

}  // namespace clustersim
