#pragma once
// The cluster model as the engine runs it: how to build a world, the phases of a
// month in order, and the metrics recorded (some per technology domain, so the list
// depends on the scenario's domains).
#include "sim/simulation.hpp"

namespace clustersim {

ModelDefinition cluster_model(const Scenario& scenario);

}  // namespace clustersim
