#pragma once
// docs/scenario-reference.md, generated from the schema so it cannot drift.
#include <string>

namespace clustersim {

std::string scenario_reference_markdown();

}  // namespace clustersim
