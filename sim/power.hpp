#pragma once
// std::pow without the call where its result is known exactly, for exponents that are
// parameters and often 1 or 0 (elasticities): results are the same bits as std::pow's.
#include <cmath>

namespace clustersim {

// base^exponent. Exponent 1 returns base: the exact power is then a double, and glibc's pow
// (error about half a unit in the last place) returns it; tests/sim/power_test.cpp checks
// the bits, every power of two included. Exponent 0 returns 1, as pow does for every base
// (IEEE 754).
inline double power(double base, double exponent) {
  if (exponent == 1.0) return base;
  if (exponent == 0.0) return 1.0;
  return std::pow(base, exponent);
}

}  // namespace clustersim
