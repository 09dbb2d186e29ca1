#pragma once
// Pure formulas of the knowledge side, kept free of state so each can be tested
// alone. Equations and sources are in docs/model.md, section "Learning".
#include <algorithm>
#include <cmath>

#include <Eigen/Core>

namespace clustersim::rules {

// Cognitive distance: 1 - cosine similarity of two non-negative knowledge vectors,
// in [0, 1]. Zero vectors are at distance 1 (nothing in common).
// The same from the vectors' norms (a.norm() and b.norm()), which callers that rate many
// pairs compute once per vector: then a pair costs one dot product, and the result is
// identical to the plain form's.
template <class A, class B>
double cognitive_distance(const Eigen::MatrixBase<A>& a, const Eigen::MatrixBase<B>& b,
                          double norm_a, double norm_b) {
  const double norms = norm_a * norm_b;
  if (norms <= 0) return 1.0;
  const double cosine = a.dot(b) / norms;
  return std::clamp(1.0 - cosine, 0.0, 1.0);
}

template <class A, class B>
double cognitive_distance(const Eigen::MatrixBase<A>& a, const Eigen::MatrixBase<B>& b) {
  return cognitive_distance(a, b, a.norm(), b.norm());
}

// Inverted U of cognitive distance (Nooteboom 2007): 0 at distance 0 (nothing new to
// learn), 1 at the optimal distance, 0 again at twice it (cannot understand).
inline double distance_effect(double distance, double optimal) {
  const double x = distance / (2.0 * optimal);
  return x >= 1.0 ? 0.0 : 4.0 * x * (1.0 - x);
}

// A firm's knowledge `level` in a domain relative to its strongest domain: absorptive
// capacity is domain-specific (Cohen and Levinthal 1990), so what a firm takes in, and
// which technologies it can use, scale with it. 0 for a firm without knowledge.
inline double relative_strength(double level, double strongest) {
  return strongest > 0 ? level / strongest : 0.0;
}

// Spillovers halve every `half_km` kilometres (Keller 2002).
inline double geographic_decay(double km, double half_km) {
  return std::exp2(-km / half_km);
}

// Great-circle distance between two points given in degrees.
double haversine_km(double lat1, double lon1, double lat2, double lon2);

// Absorptive capacity in [0, 1): grows with R&D intensity and competence
// (Cohen and Levinthal 1990), saturating.
inline double absorptive_capacity(double rd_intensity, double mean_competence, double from_rd,
                                  double from_competence) {
  return 1.0 - std::exp(-(from_rd * rd_intensity + from_competence * mean_competence));
}

// Knowledge added by own R&D spending in a month: diminishing (log) returns.
inline double rd_knowledge_gain(double spending, double efficiency, double scale) {
  return spending > 0 ? efficiency * std::log1p(spending / scale) : 0.0;
}

// Monthly factor that keeps knowledge at an annual depreciation rate.
inline double monthly_retention(double annual_rate) {
  return std::pow(1.0 - annual_rate, 1.0 / 12.0);
}

// Knowledge gained in one domain from a source ahead of the learner.
inline double transfer_gain(double rate, double absorptive, double trust, double effect,
                            double geography, double source, double own) {
  return rate * absorptive * trust * effect * geography * std::max(source - own, 0.0);
}

}  // namespace clustersim::rules
