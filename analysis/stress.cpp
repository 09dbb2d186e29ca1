#include "analysis/stress.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>
#include <string>

namespace clustersim {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// What each replication did at each evaluated shock (-1: not evaluated).
class Observations {
 public:
  Observations(int replications, const CrossingEvaluator& evaluate)
      : replications_(replications), evaluate_(evaluate) {}

  void evaluate(double shock, const std::vector<int>& which) {
    const auto flags = evaluate_(shock, which);
    if (flags.size() != which.size())
      throw std::runtime_error("stress search: evaluate returned " + std::to_string(flags.size()) +
                               " values for " + std::to_string(which.size()) + " replications");
    auto& row =
        values_.try_emplace(shock, std::size_t(replications_), std::int8_t(-1)).first->second;
    for (std::size_t i = 0; i < which.size(); ++i)
      row[std::size_t(which[i])] = flags[i] ? std::int8_t(1) : std::int8_t(0);
  }
  std::int8_t at(double shock, int replication) const {
    return values_.at(shock)[std::size_t(replication)];
  }
  const std::map<double, std::vector<std::int8_t>>& all() const { return values_; }

 private:
  int replications_;
  const CrossingEvaluator& evaluate_;
  std::map<double, std::vector<std::int8_t>> values_;  // sorted by shock
};

struct Bracket {
  double below = 0;  // largest shock seen not to cross
  double above = 0;  // smallest shock seen to cross
};

void check_arguments(double low, double high, int replications,
                     const StressSearchOptions& options) {
  if (!(low < high)) throw std::invalid_argument("stress search: expected low < high");
  if (options.points < 2) throw std::invalid_argument("stress search: expected points >= 2");
  if (options.refine < 0) throw std::invalid_argument("stress search: expected refine >= 0");
  if (replications < 1) throw std::invalid_argument("stress search: expected replications >= 1");
}

// Evenly spaced shocks from low to high; the last is set to high exactly so rounding
// in the step cannot leave it short.
std::vector<double> make_grid(double low, double high, double step, int points) {
  std::vector<double> grid(static_cast<std::size_t>(points));
  for (int i = 0; i < points; ++i) grid[std::size_t(i)] = low + step * i;
  grid.back() = high;
  return grid;
}

// First crossing on the grid, and the bracket bisection starts from. Replications
// that cross at the low end or never are settled here.
std::map<int, Bracket> scan_grid(const Observations& seen, const std::vector<double>& grid,
                                 StressResult& result) {
  result.breaking_point.assign(std::size_t(result.replications), kNaN);
  std::map<int, Bracket> open;  // replications still to refine
  const int points = int(grid.size());
  for (int r = 0; r < result.replications; ++r) {
    int first = -1;
    bool crossed_before = false;
    for (int i = 0; i < points; ++i) {
      const bool crosses = seen.at(grid[std::size_t(i)], r) == 1;
      if (crosses && first < 0) first = i;
      if (!crosses && crossed_before) {
        ++result.non_monotone;
        break;
      }
      crossed_before = crossed_before || crosses;
    }
    if (first < 0) {
      ++result.censored;
    } else if (first == 0) {
      ++result.at_low;
      result.breaking_point[std::size_t(r)] = result.low;
    } else {
      open[r] = {grid[std::size_t(first - 1)], grid[std::size_t(first)]};
    }
  }
  return open;
}

// Bisection, one round per step; replications sharing a bracket share the evaluation.
void bisect(Observations& seen, std::map<int, Bracket>& open, int rounds) {
  for (int round = 0; round < rounds && !open.empty(); ++round) {
    std::map<double, std::vector<int>> by_midpoint;
    for (const auto& [r, bracket] : open)
      by_midpoint[0.5 * (bracket.below + bracket.above)].push_back(r);
    for (const auto& [mid, which] : by_midpoint) {
      seen.evaluate(mid, which);
      for (int r : which) {
        auto& bracket = open[r];
        (seen.at(mid, r) == 1 ? bracket.above : bracket.below) = mid;
      }
    }
  }
}

// The curve over every explored shock value.
void record_curve(const Observations& seen, StressResult& result) {
  const int replications = result.replications;
  const auto columns = seen.all().size();
  result.crossed.assign(std::size_t(replications) * columns, 0);
  result.observed.assign(std::size_t(replications) * columns, -1);
  std::size_t j = 0;
  for (const auto& [shock, row] : seen.all()) {
    result.shock.push_back(shock);
    int count = 0;
    for (int r = 0; r < replications; ++r) {
      const double bp = result.breaking_point[std::size_t(r)];
      const bool crossed = !std::isnan(bp) && shock >= bp;
      result.crossed[std::size_t(r) * columns + j] = crossed ? 1 : 0;
      result.observed[std::size_t(r) * columns + j] = row[std::size_t(r)];
      count += crossed ? 1 : 0;
    }
    result.crossing_share.push_back(double(count) / replications);
    ++j;
  }
}

// Lower median with censored replications counted as infinite; the interval is over
// the replications that crossed.
void summarise(StressResult& result) {
  std::vector<double> sorted(result.breaking_point);
  for (auto& v : sorted)
    if (std::isnan(v)) v = std::numeric_limits<double>::infinity();
  std::sort(sorted.begin(), sorted.end());
  const double median = sorted[std::size_t((result.replications + 1) / 2 - 1)];
  result.estimate = std::isinf(median) ? kNaN : median;

  std::vector<double> finite;
  for (double v : result.breaking_point)
    if (!std::isnan(v)) finite.push_back(v);
  result.interval = mean_interval(finite);
  if (finite.empty()) result.interval.mean = result.interval.low = result.interval.high = kNaN;
}

}  // namespace

StressResult find_breaking_points(double low, double high, int replications,
                                  const StressSearchOptions& options,
                                  const CrossingEvaluator& evaluate) {
  check_arguments(low, high, replications, options);
  StressResult result;
  result.low = low;
  result.high = high;
  result.replications = replications;
  const double step = (high - low) / (options.points - 1);
  result.tolerance = std::ldexp(step, -options.refine);
  const auto grid = make_grid(low, high, step, options.points);

  std::vector<int> everyone(static_cast<std::size_t>(replications));
  for (int r = 0; r < replications; ++r) everyone[std::size_t(r)] = r;
  Observations seen(replications, evaluate);
  for (double v : grid) seen.evaluate(v, everyone);

  auto open = scan_grid(seen, grid, result);
  bisect(seen, open, options.refine);
  for (const auto& [r, bracket] : open) result.breaking_point[std::size_t(r)] = bracket.above;
  record_curve(seen, result);
  summarise(result);
  return result;
}

}  // namespace clustersim
