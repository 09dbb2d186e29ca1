#pragma once
// Summary statistics over replications.
#include <vector>

#include "sim/metric_table.hpp"

namespace clustersim {

struct Interval {
  double mean = 0;
  double low = 0;   // lower end of the confidence interval
  double high = 0;  // upper end
  double sd = 0;    // sample standard deviation
  int n = 0;
};

// Mean with a Student-t confidence interval (level 0.95 by default). With one value
// the interval collapses to the value.
Interval mean_interval(const std::vector<double>& values, double level = 0.95);

// The Student-t interval of mean_interval, clipped to [lower, upper]: the mean of values
// that cannot leave that range cannot either, so the clipped interval covers it at least
// as often, and a share's interval no longer reaches past 1 or a count's below 0.
Interval bounded_mean_interval(const std::vector<double>& values, double lower, double upper,
                               double level = 0.95);

// The mean over replications of one metric at one column, with its 95% Student-t
// interval clipped to the range the metric declares: what the summary table and the
// page show.
Interval column_interval(const MetricTable& table, int metric, int column);

// Difference b - a of two scenarios run with the same seed: replication r of each saw
// the same random numbers (common random numbers), so the pairs' differences are the
// sample. Requires equal sizes.
Interval paired_difference(const std::vector<double>& a, const std::vector<double>& b,
                           double level = 0.95);

// Difference of means b - a of independent samples, with Welch's t interval. `sd` holds
// the standard error of the difference, `n` the total sample size.
Interval welch_difference(const std::vector<double>& a, const std::vector<double>& b,
                          double level = 0.95);

}  // namespace clustersim
