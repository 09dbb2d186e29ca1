// Designs and sensitivity estimators on functions whose indices are known: Ishigami
// (a = 7, b = 0.1) and Sobol's G function; Morris on a linear function.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <set>

#include "analysis/designs.hpp"
#include "analysis/sensitivity.hpp"

namespace clustersim {
namespace {

constexpr double kPi = std::numbers::pi;

double ishigami(const std::vector<double>& x) {
  return std::sin(x[0]) + 7 * std::sin(x[1]) * std::sin(x[1]) +
         0.1 * std::pow(x[2], 4) * std::sin(x[0]);
}

std::vector<double> evaluate(const Design& design, double (*f)(const std::vector<double>&)) {
  std::vector<double> out;
  for (const auto& point : design) out.push_back(f(point));
  return out;
}

TEST(Designs, full_factorial_lists_every_combination_last_fastest) {
  const Design d = full_factorial({{1, 2}, {10, 20, 30}});
  ASSERT_EQ(d.size(), 6u);
  EXPECT_EQ(d[0], (std::vector<double>{1, 10}));
  EXPECT_EQ(d[1], (std::vector<double>{1, 20}));
  EXPECT_EQ(d[5], (std::vector<double>{2, 30}));
}

TEST(Designs, latin_hypercube_has_one_point_in_every_stratum_and_repeats_by_seed) {
  const std::vector<ParameterRange> ranges = {{"a", 0, 10}, {"b", -1, 1}};
  const Design d = latin_hypercube(ranges, 50, 7);
  for (std::size_t p = 0; p < ranges.size(); ++p) {
    std::set<int> strata;
    for (const auto& point : d) {
      const double unit = (point[p] - ranges[p].low) / (ranges[p].high - ranges[p].low);
      ASSERT_GE(unit, 0.0);
      ASSERT_LT(unit, 1.0);
      strata.insert(int(unit * 50));
    }
    EXPECT_EQ(strata.size(), 50u) << ranges[p].key;
  }
  EXPECT_EQ(latin_hypercube(ranges, 50, 7), d);
  EXPECT_NE(latin_hypercube(ranges, 50, 8), d);
}

void expect_near_with_interval(const IndexEstimate& estimate, double truth, double tolerance,
                               const char* what) {
  EXPECT_NEAR(estimate.value, truth, tolerance) << what;
  EXPECT_LE(estimate.low, estimate.value) << what;
  EXPECT_GE(estimate.high, estimate.value) << what;
  EXPECT_LE(estimate.low, truth + tolerance) << what;
  EXPECT_GE(estimate.high, truth - tolerance) << what;
  EXPECT_LT(estimate.high - estimate.low, 0.2) << what;
}

// Ishigami's three inputs, each uniform on [-pi, pi].
const std::vector<ParameterRange> kIshigamiRanges = {
    {"x1", -kPi, kPi}, {"x2", -kPi, kPi}, {"x3", -kPi, kPi}};

TEST(Sobol, ishigami_indices_are_recovered) {
  const auto& ranges = kIshigamiRanges;
  SobolOptions options;
  options.base_points = 8192;
  options.bootstrap = 200;
  options.seed = 3;
  const Design design = saltelli_design(ranges, options);
  ASSERT_EQ(design.size(), 8192u * 5);
  const SobolIndices s = sobol_indices(evaluate(design, ishigami), 3, options);
  // Analytic values (Ishigami and Homma 1990; Saltelli et al. 2008, p. 179).
  const double first[] = {0.3139, 0.4424, 0.0}, total[] = {0.5576, 0.4424, 0.2437};
  for (int i = 0; i < 3; ++i) {
    expect_near_with_interval(s.first[std::size_t(i)], first[i], 0.03, "first order");
    expect_near_with_interval(s.total[std::size_t(i)], total[i], 0.03, "total");
  }
  EXPECT_NEAR(s.variance, 13.845, 0.4);  // a^2/8 + b pi^4/5 + b^2 pi^8/18 + 1/2
}

// Without resamples there is no interval: its bounds are NaN, not the estimate twice.
TEST(Sobol, no_bootstrap_gives_no_interval) {
  SobolOptions options;
  options.base_points = 256;
  options.bootstrap = 0;
  const SobolIndices s =
      sobol_indices(evaluate(saltelli_design(kIshigamiRanges, options), ishigami), 3, options);
  for (const auto& index : s.first) {
    EXPECT_TRUE(std::isfinite(index.value));
    EXPECT_TRUE(std::isnan(index.low) && std::isnan(index.high));
  }
}

// Sobol's G function: G = prod (|4x - 2| + a_i) / (1 + a_i) on [0, 1]^k, with
// V_i = 1 / (3 (1 + a_i)^2), V = prod (1 + V_i) - 1, S_i = V_i / V,
// ST_i = V_i prod_{j != i} (1 + V_j) / V.
const std::vector<double> kG = {0, 1, 4.5, 9, 99, 99};

double g_function(const std::vector<double>& x) {
  double product = 1;
  for (std::size_t i = 0; i < x.size(); ++i)
    product *= (std::abs(4 * x[i] - 2) + kG[i]) / (1 + kG[i]);
  return product;
}

TEST(Sobol, g_function_indices_are_recovered) {
  std::vector<ParameterRange> ranges;
  for (std::size_t i = 0; i < kG.size(); ++i) ranges.push_back({"x" + std::to_string(i), 0, 1});
  SobolOptions options;
  options.base_points = 8192;
  options.bootstrap = 200;
  const SobolIndices s = sobol_indices(evaluate(saltelli_design(ranges, options), g_function),
                                       int(kG.size()), options);
  std::vector<double> v;
  double all = 1;
  for (double a : kG) {
    v.push_back(1.0 / (3 * (1 + a) * (1 + a)));
    all *= 1 + v.back();
  }
  const double variance = all - 1;
  for (std::size_t i = 0; i < kG.size(); ++i) {
    const double first = v[i] / variance, total = v[i] * all / (1 + v[i]) / variance;
    expect_near_with_interval(s.first[i], first, 0.03, ("S" + std::to_string(i)).c_str());
    expect_near_with_interval(s.total[i], total, 0.03, ("ST" + std::to_string(i)).c_str());
  }
}

double linear(const std::vector<double>& x) {
  return 3 * x[0] - 2 * x[1] + 0 * x[2];
}

TEST(Morris, linear_effects_are_exact_per_whole_range) {
  const std::vector<ParameterRange> ranges = {{"a", 0, 2}, {"b", 0, 1}, {"c", 5, 6}};
  MorrisOptions options;
  options.trajectories = 12;
  const Design design = morris_design(ranges, options);
  ASSERT_EQ(design.size(), 12u * 4);
  const auto effects = morris_effects(design, evaluate(design, linear), ranges, options);
  EXPECT_NEAR(effects[0].mu_star, 6.0, 1e-9);  // 3 per unit over a range of 2
  EXPECT_NEAR(effects[0].mu, 6.0, 1e-9);
  EXPECT_NEAR(effects[1].mu_star, 2.0, 1e-9);
  EXPECT_NEAR(effects[1].mu, -2.0, 1e-9);
  EXPECT_NEAR(effects[2].mu_star, 0.0, 1e-9);
  for (const auto& e : effects) EXPECT_NEAR(e.sigma, 0.0, 1e-9);
}

TEST(Morris, g_function_ranks_parameters_by_importance) {
  std::vector<ParameterRange> ranges;
  for (std::size_t i = 0; i < kG.size(); ++i) ranges.push_back({"x" + std::to_string(i), 0, 1});
  MorrisOptions options;
  options.trajectories = 40;
  const Design design = morris_design(ranges, options);
  const auto effects = morris_effects(design, evaluate(design, g_function), ranges, options);
  for (std::size_t i = 0; i + 2 < kG.size(); ++i)  // the last two are equal (a = 99)
    EXPECT_GT(effects[i].mu_star, effects[i + 1].mu_star) << i;
  EXPECT_GT(effects[0].sigma, 0.0);  // |4x - 2| is not linear: effects vary
}

TEST(NoiseShare, tells_noise_from_parameter_effects) {
  // Points far apart with small spread: the parameters explain the differences.
  EXPECT_LT(noise_share({{1.0, 1.1, 0.9}, {5.0, 5.1, 4.9}, {9.0, 9.2, 8.8}}), 0.01);
  // Equal means, wide spread: only noise.
  EXPECT_NEAR(noise_share({{0.0, 2.0}, {2.0, 0.0}, {1.0, 1.0}}), 1.0, 1e-12);
  EXPECT_TRUE(std::isnan(noise_share({{1.0}, {2.0}})));  // one replication: not estimable
}

}  // namespace
}  // namespace clustersim
