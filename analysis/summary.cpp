#include "analysis/summary.hpp"

#include <algorithm>
#include <cmath>

#include <boost/math/distributions/students_t.hpp>

namespace clustersim {

Interval mean_interval(const std::vector<double>& values, double level) {
  Interval out;
  out.n = static_cast<int>(values.size());
  if (out.n == 0) return out;
  double sum = 0;
  for (double v : values) sum += v;
  out.mean = sum / out.n;
  out.low = out.high = out.mean;
  if (out.n < 2) return out;
  double squares = 0;
  for (double v : values) squares += (v - out.mean) * (v - out.mean);
  out.sd = std::sqrt(squares / (out.n - 1));
  const boost::math::students_t t(out.n - 1);
  const double half = boost::math::quantile(t, 0.5 + level / 2) * out.sd / std::sqrt(double(out.n));
  out.low = out.mean - half;
  out.high = out.mean + half;
  return out;
}

Interval bounded_mean_interval(const std::vector<double>& values, double lower, double upper,
                               double level) {
  Interval out = mean_interval(values, level);
  out.low = std::clamp(out.low, lower, upper);
  out.high = std::clamp(out.high, lower, upper);
  return out;
}

Interval paired_difference(const std::vector<double>& a, const std::vector<double>& b,
                           double level) {
  std::vector<double> differences(a.size());
  for (std::size_t r = 0; r < a.size() && r < b.size(); ++r) differences[r] = b[r] - a[r];
  return mean_interval(differences, level);
}

Interval welch_difference(const std::vector<double>& a, const std::vector<double>& b,
                          double level) {
  const Interval x = mean_interval(a), y = mean_interval(b);
  Interval out;
  out.n = x.n + y.n;
  out.mean = y.mean - x.mean;
  out.low = out.high = out.mean;
  if (x.n < 2 || y.n < 2) return out;
  const double va = x.sd * x.sd / x.n, vb = y.sd * y.sd / y.n;
  out.sd = std::sqrt(va + vb);
  if (out.sd == 0) return out;
  const double df = (va + vb) * (va + vb) / (va * va / (x.n - 1) + vb * vb / (y.n - 1));
  const boost::math::students_t t(df);
  const double half = boost::math::quantile(t, 0.5 + level / 2) * out.sd;
  out.low = out.mean - half;
  out.high = out.mean + half;
  return out;
}

Interval column_interval(const MetricTable& table, int metric, int column) {
  std::vector<double> values;
  values.reserve(std::size_t(table.replications()));
  for (int r = 0; r < table.replications(); ++r) values.push_back(table.at(metric, r, column));
  const auto& range = table.metrics()[std::size_t(metric)].range;
  return bounded_mean_interval(values, range.lower, range.upper);
}

}  // namespace clustersim
