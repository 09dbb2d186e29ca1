#pragma once
// The cluster model as the engine runs it: how to build a world, the phases of a
// month in order, and the metrics recorded.
#include "sim/simulation.hpp"

namespace clustersim {

ModelDefinition cluster_model();

}  // namespace clustersim
