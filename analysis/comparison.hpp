#pragma once
// B - A of a metric between two ensembles: paired by replication when both ran the same
// seeds (common random numbers, replication r of each saw the same draws), else Welch's
// interval. One definition for `clustersim compare`, the page and the experiments.
#include <string>
#include <vector>

#include "analysis/summary.hpp"
#include "sim/metric_table.hpp"

namespace clustersim {

// Pairing is possible when both ran the same seed and the same replications (more than
// one: a single pair has no spread).
bool can_pair(const std::string& seed_a, const std::string& seed_b, int replications_a,
              int replications_b);

struct MetricDifference {
  std::string metric, units;
  double mean_a = 0, mean_b = 0;
  Interval difference;     // b - a
  bool estimable = false;  // an interval exists: paired, or two replications a side
  // The 95% interval excludes 0 and the difference is more than rounding (a metric that
  // is the same number in every replication of both can differ in its last bits when
  // averaged over different counts).
  bool clear = false;
};

// At column_a of `a` and column_b of `b`; the metric must exist in both.
MetricDifference compare_metric(const MetricTable& a, int column_a, const MetricTable& b,
                                int column_b, const std::string& metric, bool paired);

// The difference at every column (the two tables on one calendar).
std::vector<Interval> difference_series(const MetricTable& a, const MetricTable& b,
                                        const std::string& metric, bool paired);

}  // namespace clustersim
