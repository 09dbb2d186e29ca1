#pragma once
// Experimental designs over a box of parameters: full factorials, Latin hypercubes, and
// the samples of the Morris and Sobol methods (analysis/sensitivity.hpp). A design is
// data: a table of points (rows) by parameters (columns, in the order of the ranges),
// drawn from counter-based streams keyed by a seed, so the same seed gives the same
// design on any machine.
#include <cstdint>
#include <string>
#include <vector>

namespace clustersim {

struct ParameterRange {
  std::string key;  // a scenario key, or any name (tests)
  double low = 0, high = 1;
};

using Design = std::vector<std::vector<double>>;  // points x parameters

// Every combination of the levels, the last parameter varying fastest.
Design full_factorial(const std::vector<std::vector<double>>& levels);

// `n` points in the box, one in each of `n` equal strata of every parameter, strata
// paired at random (McKay, Beckman and Conover 1979); uniform within each stratum.
Design latin_hypercube(const std::vector<ParameterRange>& ranges, int n, std::uint64_t seed);

// Unit-cube points (every value in [0, 1)) mapped linearly into the ranges.
Design scaled(const Design& unit, const std::vector<ParameterRange>& ranges);

}  // namespace clustersim
