#include "analysis/designs.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>

#include "analysis/design_streams.hpp"

namespace clustersim {

Design full_factorial(const std::vector<std::vector<double>>& levels) {
  std::size_t count = levels.empty() ? 0 : 1;
  for (const auto& values : levels) count *= values.size();
  Design out(count, std::vector<double>(levels.size()));
  for (std::size_t point = 0; point < count; ++point) {
    std::size_t rest = point;
    for (std::size_t p = levels.size(); p-- > 0;) {
      out[point][p] = levels[p][rest % levels[p].size()];
      rest /= levels[p].size();
    }
  }
  return out;
}

Design latin_hypercube(const std::vector<ParameterRange>& ranges, int n, std::uint64_t seed) {
  if (n < 1) throw std::invalid_argument("latin_hypercube: at least one point");
  const std::size_t k = ranges.size();
  Design unit(static_cast<std::size_t>(n), std::vector<double>(k));
  for (std::size_t p = 0; p < k; ++p) {
    RandomStream stream = design_stream(seed, DesignPurpose::latin_hypercube, std::uint32_t(p));
    std::vector<int> strata(static_cast<std::size_t>(n));
    std::iota(strata.begin(), strata.end(), 0);
    for (int i = n - 1; i > 0; --i)  // Fisher-Yates, from our own stream
      std::swap(strata[std::size_t(i)], strata[stream.below(std::uint32_t(i + 1))]);
    for (int i = 0; i < n; ++i)
      unit[std::size_t(i)][p] = (strata[std::size_t(i)] + stream.uniform()) / n;
  }
  return scaled(unit, ranges);
}

Design scaled(const Design& unit, const std::vector<ParameterRange>& ranges) {
  Design out = unit;
  for (auto& point : out)
    for (std::size_t p = 0; p < ranges.size(); ++p)
      point[p] = ranges[p].low + point[p] * (ranges[p].high - ranges[p].low);
  return out;
}

}  // namespace clustersim
