#pragma once
// The range a cluster metric can take, so that intervals over replications respect it
// (a share's interval stays in [0, 1], a count's at or above 0).
#include <limits>

#include "sim/metric_table.hpp"

namespace clustersim {

struct MetricRange {
  double lower = -std::numeric_limits<double>::infinity();
  double upper = std::numeric_limits<double>::infinity();
};

// Shares (by name) are [0, 1]; counts of things (by units: firms, links, projects, ...)
// are [0, inf); anything else, money included, is unbounded.
MetricRange natural_range(const MetricInfo& metric);

}  // namespace clustersim
