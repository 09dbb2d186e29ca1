// Induced substitution (docs/model.md 3.9, "Induced substitution"): the rent a domestic
// substitute would earn, which pulls innovation effort toward the domains where critical
// inputs are missing or dear (directed technical change: Acemoglu 2002; Popp 2002).
#pragma once

#include <algorithm>

namespace clustersim::rules {

// Rent per rouble of a domain's critical imports not yet replaced at home, at pre-shock
// prices. Of those imports a share cut x (1 - parallel_share) cannot be bought: a
// substitute sells it in full (the market-size effect). Parallel imports (cut x
// parallel_share) cost `markup` more and everything still imported costs `devaluation`
// more in roubles: a substitute can undercut by that much (the price effect). 0 without
// cut and devaluation; an appreciation lowers it, never below 0.
inline double substitute_premium(double cut, double parallel_share, double markup,
                                 double devaluation) {
  const double missing = cut * (1.0 - parallel_share);
  return std::max(0.0, missing + cut * parallel_share * markup + (1.0 - missing) * devaluation);
}

}  // namespace clustersim::rules
