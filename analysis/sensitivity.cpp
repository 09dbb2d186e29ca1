#include "analysis/sensitivity.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

#include "analysis/design_streams.hpp"

namespace clustersim {
namespace {

double mean_of(const std::vector<double>& values) {
  return values.empty()
             ? 0.0
             : std::accumulate(values.begin(), values.end(), 0.0) / double(values.size());
}

double variance_of(const std::vector<double>& values) {  // unbiased
  if (values.size() < 2) return 0.0;
  const double mean = mean_of(values);
  double sum = 0;
  for (double v : values) sum += (v - mean) * (v - mean);
  return sum / double(values.size() - 1);
}

double percentile(std::vector<double> values, double q) {
  std::sort(values.begin(), values.end());
  const double at = q * double(values.size() - 1);
  const auto below = std::size_t(std::floor(at));
  const auto above = std::min(below + 1, values.size() - 1);
  return values[below] + (at - double(below)) * (values[above] - values[below]);
}

// Jansen's estimators over the rows `rows` of each block (the same rows of A, B, AB_i).
struct JansenSums {
  std::vector<double> first, total;
  double variance = 0;
};

JansenSums jansen(const std::vector<double>& y, int n, int k, const std::vector<int>& rows) {
  const auto a = [&](int j) { return y[std::size_t(j)]; };
  const auto b = [&](int j) { return y[std::size_t(n + j)]; };
  const auto ab = [&](int i, int j) { return y[std::size_t((2 + i) * n + j)]; };
  std::vector<double> pooled;
  pooled.reserve(rows.size() * 2);
  for (int j : rows) {
    pooled.push_back(a(j));
    pooled.push_back(b(j));
  }
  JansenSums out;
  out.variance = variance_of(pooled);
  const double count = double(rows.size());
  for (int i = 0; i < k; ++i) {
    double first = 0, total = 0;
    for (int j : rows) {
      first += (b(j) - ab(i, j)) * (b(j) - ab(i, j));
      total += (a(j) - ab(i, j)) * (a(j) - ab(i, j));
    }
    const double v = out.variance > 0 ? out.variance : 1.0;
    out.first.push_back((out.variance - first / (2 * count)) / v);
    out.total.push_back(total / (2 * count) / v);
  }
  return out;
}

}  // namespace

Design morris_design(const std::vector<ParameterRange>& ranges, const MorrisOptions& options) {
  const int k = int(ranges.size()), p = options.levels;
  if (p < 2 || p % 2 != 0) throw std::invalid_argument("morris: levels must be even, at least 2");
  const double step = double(p) / (2.0 * (p - 1));
  Design unit;
  for (int t = 0; t < options.trajectories; ++t) {
    RandomStream stream = design_stream(options.seed, DesignPurpose::morris, std::uint32_t(t));
    std::vector<double> point(static_cast<std::size_t>(k));
    for (auto& x : point)  // a grid value from which one step up stays in [0, 1]
      x = double(stream.below(std::uint32_t(p / 2))) / (p - 1);
    std::vector<int> order(static_cast<std::size_t>(k));
    std::iota(order.begin(), order.end(), 0);
    for (int i = k - 1; i > 0; --i)
      std::swap(order[std::size_t(i)], order[stream.below(std::uint32_t(i + 1))]);
    unit.push_back(point);
    for (int i : order) {
      point[std::size_t(i)] += step;
      unit.push_back(point);
    }
  }
  return scaled(unit, ranges);
}

std::vector<MorrisEffect> morris_effects(const Design& design, const std::vector<double>& outputs,
                                         const std::vector<ParameterRange>& ranges,
                                         const MorrisOptions& options) {
  const std::size_t k = ranges.size();
  if (design.size() != outputs.size() ||
      design.size() != std::size_t(options.trajectories) * (k + 1))
    throw std::invalid_argument("morris: outputs do not match the design");
  const double step = double(options.levels) / (2.0 * (options.levels - 1));
  std::vector<std::vector<double>> effects(k);
  for (std::size_t t = 0; t < std::size_t(options.trajectories); ++t) {
    const std::size_t start = t * (k + 1);
    for (std::size_t s = 0; s < k; ++s) {
      const auto& before = design[start + s];
      const auto& after = design[start + s + 1];
      std::size_t moved = 0;
      while (moved < k && after[moved] == before[moved]) ++moved;
      if (moved == k) throw std::invalid_argument("morris: a step moved no parameter");
      const double sign = after[moved] > before[moved] ? 1.0 : -1.0;
      // Per whole range: the output's change over the step, divided by the step's share.
      effects[moved].push_back(sign * (outputs[start + s + 1] - outputs[start + s]) / step);
    }
  }
  std::vector<MorrisEffect> out(k);
  for (std::size_t i = 0; i < k; ++i) {
    std::vector<double> absolute;
    for (double e : effects[i]) absolute.push_back(std::abs(e));
    out[i] = {mean_of(absolute), mean_of(effects[i]), std::sqrt(variance_of(effects[i]))};
  }
  return out;
}

Design saltelli_design(const std::vector<ParameterRange>& ranges, const SobolOptions& options) {
  const int n = options.base_points;
  const std::size_t k = ranges.size();
  // Two independent hypercubes: the seed is spread so A and B never share a stream.
  const Design a = latin_hypercube(ranges, n, options.seed * 2 + 0);
  const Design b = latin_hypercube(ranges, n, options.seed * 2 + 1);
  Design out;
  out.reserve(std::size_t(n) * (k + 2));
  out.insert(out.end(), a.begin(), a.end());
  out.insert(out.end(), b.begin(), b.end());
  for (std::size_t i = 0; i < k; ++i)
    for (int j = 0; j < n; ++j) {
      auto row = a[std::size_t(j)];
      row[i] = b[std::size_t(j)][i];
      out.push_back(row);
    }
  return out;
}

SobolIndices sobol_indices(const std::vector<double>& outputs, int parameters,
                           const SobolOptions& options) {
  const int n = options.base_points, k = parameters;
  if (outputs.size() != std::size_t(n) * std::size_t(k + 2))
    throw std::invalid_argument("sobol: outputs do not match the design");
  std::vector<int> all(static_cast<std::size_t>(n));
  std::iota(all.begin(), all.end(), 0);
  const JansenSums estimate = jansen(outputs, n, k, all);
  std::vector<std::vector<double>> first(static_cast<std::size_t>(k)),
      total(static_cast<std::size_t>(k));
  std::vector<int> rows(static_cast<std::size_t>(n));
  for (int b = 0; b < options.bootstrap; ++b) {
    RandomStream stream = design_stream(options.seed, DesignPurpose::bootstrap, std::uint32_t(b));
    for (auto& row : rows) row = int(stream.below(std::uint32_t(n)));
    const JansenSums resampled = jansen(outputs, n, k, rows);
    for (int i = 0; i < k; ++i) {
      first[std::size_t(i)].push_back(resampled.first[std::size_t(i)]);
      total[std::size_t(i)].push_back(resampled.total[std::size_t(i)]);
    }
  }
  SobolIndices out;
  out.variance = estimate.variance;
  for (int i = 0; i < k; ++i) {
    const auto interval = [&](double value, const std::vector<double>& samples) {
      if (samples.empty()) {  // no resamples: no interval, not one of zero width
        const double none = std::numeric_limits<double>::quiet_NaN();
        return IndexEstimate{value, none, none};
      }
      return IndexEstimate{value, percentile(samples, 0.025), percentile(samples, 0.975)};
    };
    out.first.push_back(interval(estimate.first[std::size_t(i)], first[std::size_t(i)]));
    out.total.push_back(interval(estimate.total[std::size_t(i)], total[std::size_t(i)]));
  }
  return out;
}

std::vector<double> point_means(const std::vector<std::vector<double>>& replicate_outputs) {
  std::vector<double> out;
  out.reserve(replicate_outputs.size());
  for (const auto& point : replicate_outputs) out.push_back(mean_of(point));
  return out;
}

double noise_share(const std::vector<std::vector<double>>& replicate_outputs) {
  if (replicate_outputs.empty() || replicate_outputs.front().size() < 2)
    return std::numeric_limits<double>::quiet_NaN();
  double within = 0;
  for (const auto& point : replicate_outputs) within += variance_of(point) / double(point.size());
  within /= double(replicate_outputs.size());
  const double between = variance_of(point_means(replicate_outputs));
  return between > 0 ? std::min(1.0, within / between) : 1.0;
}

}  // namespace clustersim
