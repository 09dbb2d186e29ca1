#include "sim/power.hpp"

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include <gtest/gtest.h>

namespace clustersim {
namespace {

// Bases of every kind: ordinary and subnormal, signed zeros, infinities, NaN, every power of
// two, and a spread of random doubles over many binades.
std::vector<double> bases() {
  std::vector<double> out = {0.0,
                             -0.0,
                             1.0,
                             -1.0,
                             0.15,
                             2.5e-310,
                             std::numeric_limits<double>::max(),
                             std::numeric_limits<double>::infinity(),
                             -std::numeric_limits<double>::infinity(),
                             std::numeric_limits<double>::quiet_NaN()};
  // Every power of two, where the double below is only half a unit in the last place away.
  for (int e = -1074; e <= 1023; ++e) {
    out.push_back(std::ldexp(1.0, e));
    out.push_back(-std::ldexp(1.0, e));
  }
  std::mt19937_64 bits(7);
  std::uniform_real_distribution<double> exponent(-40.0, 40.0), sign(-1.0, 1.0);
  for (int k = 0; k < 100000; ++k)
    out.push_back(std::copysign(std::exp(exponent(bits)), sign(bits)));
  return out;
}

std::uint64_t bits_of(double x) {
  return std::bit_cast<std::uint64_t>(x);
}

TEST(Power, gives_the_bits_of_std_pow_for_the_exponents_it_shortcuts_and_for_others) {
  for (const double exponent : {1.0, 0.0, -0.0, 2.0, 0.5, -2.0, 0.6}) {
    int differing = 0;
    for (const double base : bases()) {
      const double ours = power(base, exponent), theirs = std::pow(base, exponent);
      if (std::isnan(theirs) ? !std::isnan(ours) : bits_of(ours) != bits_of(theirs)) ++differing;
    }
    EXPECT_EQ(differing, 0) << "exponent " << exponent;
  }
}

}  // namespace
}  // namespace clustersim
