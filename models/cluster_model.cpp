#include "models/cluster_model.hpp"

#include "models/metrics.hpp"
#include "models/phases.hpp"
#include "models/population.hpp"
#include "sim/events.hpp"

namespace clustersim {

ModelDefinition cluster_model() {
  ModelDefinition model;
  model.build = build_world;
  model.phases = {
      {"events", apply_scheduled_events}, {"finance", finance_phase},
      {"partnering", partnering_phase},   {"learning", learning_phase},
      {"innovation", innovation_phase},   {"production", production_phase},
      {"demography", demography_phase},
  };
  model.metrics = cluster_metric_infos();
  model.record = make_cluster_recorder();  // phase 8, recording
  return model;
}

}  // namespace clustersim
