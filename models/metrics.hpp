#pragma once
// The monthly metrics of the cluster model (names, units, descriptions and how
// each is computed), in groups by concern. Names are stable: add new ones, never
// rename.
#include <functional>
#include <vector>

#include "sim/scenario.hpp"
#include "sim/simulation.hpp"

namespace clustersim {

// A block of metrics and the function that writes their values, in `infos` order,
// starting at `row`. Recorders may keep work arrays between calls.
struct MetricGroup {
  std::vector<MetricInfo> infos;
  std::function<void(const World&, double* row)> record;
};

MetricGroup knowledge_metrics();                       // models/metrics.cpp
MetricGroup accounts_metrics();                        // models/accounts.cpp
MetricGroup instrument_metrics();                      // models/instruments.cpp
MetricGroup supply_metrics(const Scenario& scenario);  // models/supply.cpp (per domain)

// Every group in a fixed order.
std::vector<MetricInfo> cluster_metric_infos(const Scenario& scenario);
std::function<void(const World&, double*)> make_cluster_recorder(const Scenario& scenario);

}  // namespace clustersim
