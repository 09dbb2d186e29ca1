#pragma once
// Pure formulas of dual-use conversion (docs/model.md 3.3, "Conversion").
#include <algorithm>

namespace clustersim::rules {

// Workforce competence in the technologies a firm works in: competence per domain
// weighted by the firm's knowledge there (0 without knowledge).
template <class Knowledge, class Competence>
double knowledge_weighted_competence(const Knowledge& knowledge, const Competence& competence,
                                     int domains) {
  double weight = 0, sum = 0;
  for (int d = 0; d < domains; ++d) {
    weight += knowledge(d);
    sum += knowledge(d) * competence(d);
  }
  return weight > 0 ? sum / weight : 0.0;
}

// Share of idle defence capacity converted this month: the rate at competence 1 and
// unsaturated demand, times competence and the sector's demand over capacity (each
// clipped to [0, 1]).
inline double conversion_share(double rate, double competence, double demand_over_capacity) {
  return rate * std::clamp(competence, 0.0, 1.0) * std::clamp(demand_over_capacity, 0.0, 1.0);
}

}  // namespace clustersim::rules
