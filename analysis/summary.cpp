#include "analysis/summary.hpp"

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

}  // namespace clustersim
