#include "models/cluster_model.hpp"

#include "models/metrics.hpp"
#include "models/money.hpp"
#include "models/phases.hpp"
#include "models/population.hpp"
#include "sim/events.hpp"

namespace clustersim {
namespace {

// Phase 1: the engine's scheduled changes, then the model's own event content.
void events_phase(World& world) {
  apply_scheduled_events(world);
  for (const auto& event : world.scenario.events)
    if (event.date == world.date) apply_sanctions_package(world, event);
}

}  // namespace

ModelDefinition cluster_model(const Scenario& scenario) {
  ModelDefinition model;
  model.build = build_world;
  model.phases = {
      {"events", events_phase},         {"finance", finance_phase},
      {"partnering", partnering_phase}, {"learning", learning_phase},
      {"innovation", innovation_phase}, {"production", production_phase},
      {"demography", demography_phase},
  };
  model.metrics = cluster_metric_infos(scenario);
  model.record = make_cluster_recorder(scenario);  // phase 8, recording
  return model;
}

}  // namespace clustersim
