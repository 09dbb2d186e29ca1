#pragma once
// Checks that need the whole scenario: names that refer to other tables, dates
// inside the calendar, consistent ranges.
#include <map>
#include <string>

#include "models/scenario/scenario.hpp"
#include "sim/diagnostics.hpp"

namespace clustersim {

void check_references(const Scenario& scenario,
                      const std::map<std::string, SourcePosition>& positions,
                      const SourcePosition& file_position, Diagnostics& diagnostics);

}  // namespace clustersim
