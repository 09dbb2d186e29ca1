#pragma once
// Pure formulas of the innovation pipeline and of competence completion.
#include <algorithm>
#include <cmath>
#include <cstdint>

#include "sim/power.hpp"

namespace clustersim::rules {

// Progress is limited by the weakest required competence: the smallest ratio of
// competence to need over the project's required domains, capped at 1.
template <class Competence>
double weakest_competence(const Competence& competence, const std::int16_t* domains, int count,
                          double need) {
  double weakest = 1.0;
  for (int k = 0; k < count; ++k) {
    if (domains[k] < 0) continue;
    weakest = std::min(weakest, competence(domains[k]) / need);
  }
  return std::clamp(weakest, 0.0, 1.0);
}

// Share of a stage's monthly cost that the available money covers.
inline double funding_factor(double available, double cost) {
  return cost <= 0 ? 1.0 : std::clamp(available / cost, 0.0, 1.0);
}

// Competence gained in a domain from targeted training: person-months spread over
// the workforce, never past the need (training completes a gap, it does not overshoot).
inline double training_gain(double person_months, double employees, double effect,
                            double competence, double need) {
  if (employees <= 0 || competence >= need) return 0.0;
  return std::min(effect * person_months / employees, need - competence);
}

// Innovation chance and quality rise with knowledge relative to the world frontier:
// (relative / reference)^elasticity, 1 at the reference, 0 without knowledge.
inline double knowledge_factor(double relative, double reference, double elasticity) {
  if (relative <= 0 || reference <= 0) return 0.0;
  return power(relative / reference, elasticity);
}

// Pace factor of a project stage from pooled knowledge relative to the frontier: R&D
// productivity in proportion to the knowledge it draws on (Porter and Stern 2000),
// capped; elasticity 0 leaves the pace to money and competence alone.
inline double knowledge_pace(double relative, double reference, double elasticity, double cap) {
  if (elasticity <= 0) return 1.0;
  return std::min(cap, knowledge_factor(relative, reference, elasticity));
}

// Pooled profile of a consortium in one domain (SKIN): the larger of the firm's own
// level and `share` of the member's.
inline double pooled(double own, double member, double share) {
  return std::max(own, share * member);
}

}  // namespace clustersim::rules
