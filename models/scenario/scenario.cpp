#include "models/scenario/scenario.hpp"

namespace clustersim {

int Scenario::initial_firm_count() const {
  long total = 0;
  for (const auto& g : firms) total += g.count;
  return static_cast<int>(total);
}

int Scenario::firm_capacity() const {
  return max_firms > 0 ? max_firms : 2 * initial_firm_count() + 64;
}

}  // namespace clustersim
