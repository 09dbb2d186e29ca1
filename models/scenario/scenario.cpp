#include "models/scenario/scenario.hpp"

#include <algorithm>
#include <climits>

namespace clustersim {

long long Scenario::total_firm_count() const {
  long long total = 0;
  for (const auto& g : firms) total += g.count;
  return total;
}

// Both clamp to INT_MAX, which validation never lets through (kMaxFirms), so that a
// scenario being checked cannot overflow an int (250 groups of 1e7 firms).
int Scenario::initial_firm_count() const {
  return static_cast<int>(std::min<long long>(total_firm_count(), INT_MAX));
}

int Scenario::firm_capacity() const {
  const long long capacity = max_firms > 0 ? max_firms : 2 * total_firm_count() + 64;
  return static_cast<int>(std::min<long long>(capacity, INT_MAX));
}

}  // namespace clustersim
