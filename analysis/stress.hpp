#pragma once
// Stress search: for each replication, the smallest shock at which a metric crosses a
// threshold (its breaking point), found on a grid and refined by bisection. The search
// knows nothing of the model: it calls `evaluate(shock, replications)`, which says for
// each listed replication whether it crosses at that shock. Crossing is assumed to be
// monotone in the shock (more shock, more crossing); common random numbers across shock
// values make it close to true, and replications seen to break it are counted.
#include <cstdint>
#include <functional>
#include <vector>

#include "analysis/summary.hpp"

namespace clustersim {

// result[i] = 1 when replication replications[i] crosses the threshold at `shock`.
using CrossingEvaluator =
    std::function<std::vector<std::uint8_t>(double shock, const std::vector<int>& replications)>;

struct StressSearchOptions {
  int points = 9;  // grid values from low to high inclusive, at least 2
  int refine = 5;  // bisection steps per replication, at least 0
};

struct StressResult {
  double low = 0, high = 0;
  int replications = 0;
  std::vector<double> shock;  // every value evaluated, ascending, no duplicates
  // Row-major (replications x shock.size()):
  // crossed: 1 when shock[j] >= the replication's breaking point (the step function the
  //   search implies; 0 throughout for a censored replication);
  // observed: 1 crossed, 0 did not, -1 not evaluated for that replication.
  std::vector<std::uint8_t> crossed;
  std::vector<std::int8_t> observed;
  std::vector<double> crossing_share;  // per shock value: share of replications crossed
  // Per replication: the smallest shock seen to cross; the true breaking point lies in
  // (breaking_point - tolerance, breaking_point]. NaN when censored (no crossing up to high).
  std::vector<double> breaking_point;
  double tolerance = 0;  // grid step / 2^refine
  int censored = 0;      // replications that never cross in [low, high]
  int at_low = 0;        // replications already crossing at low: breaking point <= low
  int non_monotone = 0;  // replications that cross at a grid value and not at a larger one
  // The smallest explored shock at which at least half of the replications cross (the
  // lower median of the breaking points, censored counting as infinite); NaN when fewer
  // than half cross within [low, high].
  double estimate = 0;
  Interval interval;  // mean and 95% t-interval of the non-censored breaking points
};

// Throws std::invalid_argument when low >= high, points < 2 or refine < 0, and
// std::runtime_error when evaluate returns the wrong number of values.
StressResult find_breaking_points(double low, double high, int replications,
                                  const StressSearchOptions& options,
                                  const CrossingEvaluator& evaluate);

}  // namespace clustersim
