#pragma once
// The simulated period: whole months from `start` to `end`, both included.
#include "sim/year_month.hpp"

namespace clustersim {

struct Calendar {
  YearMonth start{2020, 1};
  YearMonth end{2024, 12};
  int months() const { return months_between(start, end) + 1; }
};

}  // namespace clustersim
