#pragma once
// Relational capacity (docs/model.md, "Partnering"): tending a link takes managers' and
// engineers' attention, so each further link must be worth more (link costs rising with
// the number of links: Jackson and Wolinsky 1996, Goyal and Joshi 2006; relational
// capability as a scarce resource: Dyer and Singh 1998; Ahuja 2000), and larger firms
// have attention for more links. Pure formulas, testable alone.
#include <algorithm>
#include <cmath>

namespace clustersim::rules {

// Links a firm of `employees` tends without strain: `capacity` at `reference_employees`,
// scaled by (employees / reference)^elasticity. A capacity of 0 switches the rule off
// (returns 0).
inline double relational_capacity(double employees, double capacity, double reference_employees,
                                  double elasticity) {
  if (capacity <= 0) return 0.0;
  return capacity * std::pow(std::max(1.0, employees) / reference_employees, elasticity);
}

// Attractiveness a firm keeping `degree` links needs to take one more: the threshold
// up to its capacity, then threshold x (degree + 1) / capacity (the marginal cost of a
// link rises in proportion to the links tended). Capacity 0: the plain threshold.
inline double link_threshold(double threshold, int degree, double capacity) {
  if (capacity <= 0) return threshold;
  return threshold * std::max(1.0, double(degree + 1) / capacity);
}

// A candidate's centrality as partners see it: degree / (degree + half_degree), 0 for an
// isolate, a half at half_degree links, approaching 1 for hubs. It saturates because
// status is read from a firm's visible ties, and a few more ties on a hub tell little
// (prior ties and centrality drive new alliances, and central firms ally with each other:
// Gulati and Gargiulo 1999).
inline double centrality(int degree, double half_degree) {
  return degree > 0 ? double(degree) / (double(degree) + half_degree) : 0.0;
}

// Monthly factor trust keeps on a link without joint success: the base `decay`, with the
// monthly loss divided by 1 + embeddedness x shared partners (ties with common third
// parties dissolve less often: Polidoro, Ahuja and Mitchell 2011).
inline double embedded_decay(double decay, double embeddedness, int shared) {
  return 1.0 - (1.0 - decay) / (1.0 + embeddedness * shared);
}

}  // namespace clustersim::rules
