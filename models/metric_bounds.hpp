#pragma once
// The range a cluster metric can take, so that intervals over replications respect it
// (a share's interval stays in [0, 1], a count's at or above 0).
#include <limits>

#include "analysis/summary.hpp"
#include "sim/metric_table.hpp"

namespace clustersim {

struct MetricRange {
  double lower = -std::numeric_limits<double>::infinity();
  double upper = std::numeric_limits<double>::infinity();
};

// Shares (by name) are [0, 1]; counts of things (by units: firms, links, projects, ...)
// are [0, inf); anything else, money included, is unbounded.
MetricRange natural_range(const MetricInfo& metric);

// The mean over replications of one metric at one column, with its 95% Student-t
// interval clipped to the metric's range: what the summary table and the page show.
Interval column_interval(const MetricTable& table, int metric, int column);

}  // namespace clustersim
