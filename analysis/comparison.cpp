#include "analysis/comparison.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace clustersim {
namespace {

// A difference below this share of the means is rounding: averages of the same number over
// different counts, or one computed in another order, differ by a few units in the last
// place (about 1e-16 of the value), far below any effect a model could show.
constexpr double kRounding = 1e-12;

std::vector<double> values_at(const MetricTable& table, int metric, int column) {
  std::vector<double> values;
  values.reserve(std::size_t(table.replications()));
  for (int r = 0; r < table.replications(); ++r) values.push_back(table.at(metric, r, column));
  return values;
}

int index_in(const MetricTable& table, const std::string& metric) {
  const int index = table.index_of(metric);
  if (index < 0) throw std::invalid_argument("comparison: no metric " + metric);
  return index;
}

Interval difference_at(const MetricTable& a, int ma, int column_a, const MetricTable& b, int mb,
                       int column_b, bool paired) {
  const auto va = values_at(a, ma, column_a), vb = values_at(b, mb, column_b);
  return paired ? paired_difference(va, vb) : welch_difference(va, vb);
}

}  // namespace

bool can_pair(const std::string& seed_a, const std::string& seed_b, int replications_a,
              int replications_b) {
  return seed_a == seed_b && replications_a == replications_b && replications_a > 1;
}

MetricDifference compare_metric(const MetricTable& a, int column_a, const MetricTable& b,
                                int column_b, const std::string& metric, bool paired) {
  const int ma = index_in(a, metric), mb = index_in(b, metric);
  MetricDifference out;
  out.metric = metric;
  out.units = a.metrics()[std::size_t(ma)].units;
  out.mean_a = mean_interval(values_at(a, ma, column_a)).mean;
  out.mean_b = mean_interval(values_at(b, mb, column_b)).mean;
  out.difference = difference_at(a, ma, column_a, b, mb, column_b, paired);
  out.estimable = paired ? out.difference.n >= 2 : a.replications() >= 2 && b.replications() >= 2;
  const double scale = std::max(std::abs(out.mean_a), std::abs(out.mean_b));
  const bool beyond_rounding = std::abs(out.difference.mean) > kRounding * scale;
  out.clear =
      out.estimable && beyond_rounding && (out.difference.low > 0 || out.difference.high < 0);
  return out;
}

std::vector<Interval> difference_series(const MetricTable& a, const MetricTable& b,
                                        const std::string& metric, bool paired) {
  const int ma = index_in(a, metric), mb = index_in(b, metric);
  std::vector<Interval> out;
  for (int t = 0; t < std::min(a.columns(), b.columns()); ++t)
    out.push_back(difference_at(a, ma, t, b, mb, t, paired));
  return out;
}

}  // namespace clustersim
