#pragma once
// The monthly metrics of the cluster model, in groups by concern. Each metric is
// declared with its name, units, kind, description and value together
// (sim/metric_group.hpp). Names are stable: add new ones, never rename.
#include "models/scenario/scenario.hpp"
#include "models/world.hpp"
#include "sim/metric_group.hpp"

namespace clustersim {

MetricGroup<World> knowledge_metrics();   // models/metrics.cpp
MetricGroup<World> accounts_metrics();    // models/finance/accounts_metrics.cpp
MetricGroup<World> instrument_metrics();  // models/finance/instruments_loans.cpp
MetricGroup<World> supply_metrics(
    const Scenario& scenario);  // models/sanctions/supply.cpp (per domain)
MetricGroup<World> diffusion_metrics(
    const Scenario& scenario);  // models/innovation/diffusion_metrics.cpp
MetricGroup<World> market_metrics(
    const Scenario& scenario);  // models/production/market_metrics.cpp

// Every group in a fixed order.
MetricGroup<World> cluster_metrics(const Scenario& scenario);

}  // namespace clustersim
