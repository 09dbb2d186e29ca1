#pragma once
// Writes a scenario back as TOML with every key explicit: the resolved scenario
// stored in results files and printed by `clustersim validate`.
#include <string>

#include "models/scenario/scenario.hpp"

namespace clustersim {

std::string to_toml(const Scenario& scenario);

}  // namespace clustersim
