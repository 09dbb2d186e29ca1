#pragma once
// Summary statistics over replications.
#include <vector>

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

}  // namespace clustersim
