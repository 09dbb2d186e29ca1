#pragma once
// Text tables of final-month metrics for the terminal.
#include <ostream>
#include <string>
#include <vector>

#include "sim/simulation.hpp"

namespace clustersim::app {

// Mean and 95% interval over replications of each named metric at the last column
// (all metrics when `names` is empty).
void print_final_table(std::ostream& out, const MetricTable& table,
                       const std::vector<std::string>& names);

}  // namespace clustersim::app
