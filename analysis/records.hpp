#pragma once
// What `stress` and `sweep` store in a results file (/stress and /sweep groups,
// docs/output-format.md), as dataset groups the engine's writer can store.
#include <cstdint>
#include <string>
#include <vector>

#include "sim/dataset.hpp"

namespace clustersim {

// The /stress group written by `clustersim stress`.
struct StressRecord {
  std::string key, metric, direction;  // direction: "below" or "above"
  bool relative = false;               // threshold is a ratio to the same replication's run at LO
  double threshold = 0, low = 0, high = 0, tolerance = 0;
  int within = 0, points = 0, refine = 0;
  double estimate = 0, mean = 0, ci_low = 0, ci_high = 0;  // NaN when undefined
  int censored = 0, at_low = 0, non_monotone = 0;
  int replications = 0;
  std::vector<double> shock, crossing_share;  // (values)
  std::vector<std::uint8_t> crossed;          // (replications, values), row-major
  std::vector<std::int8_t> observed;          // (replications, values): 1, 0, -1 not run
  std::vector<double> breaking_point;         // (replications), NaN when censored
};

// One-at-a-time sensitivity of a metric to scenario keys (`clustersim sweep`).
struct SweepRecord {
  std::string metric, label;  // label: the column compared (YYYY-MM)
  int replications = 0;
  std::vector<std::string> keys;
  std::vector<double> low, high;                        // (keys)
  std::vector<double> baseline;                         // (replications)
  std::vector<double> at_low, at_high;                  // (keys, replications), row-major
  std::vector<double> effect, effect_low, effect_high;  // (keys): high - low, 95% interval
};

DatasetGroup to_datasets(const StressRecord& record);
DatasetGroup to_datasets(const SweepRecord& record);

}  // namespace clustersim
