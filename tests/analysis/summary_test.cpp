#include "analysis/summary.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace clustersim {
namespace {

TEST(MeanInterval, matches_a_hand_computed_student_t_interval) {
  // Mean 3, sample sd sqrt(2.5); t(0.975, 4 df) = 2.776.
  const auto interval = mean_interval({1, 2, 3, 4, 5});
  const double half = 2.776 * std::sqrt(2.5) / std::sqrt(5.0);
  EXPECT_EQ(interval.n, 5);
  EXPECT_DOUBLE_EQ(interval.mean, 3.0);
  EXPECT_NEAR(interval.sd, std::sqrt(2.5), 1e-12);
  EXPECT_NEAR(interval.low, 3.0 - half, 1e-3);
  EXPECT_NEAR(interval.high, 3.0 + half, 1e-3);
}

TEST(MeanInterval, lower_level_gives_a_narrower_interval) {
  // t(0.95, 4 df) = 2.132.
  const auto interval = mean_interval({1, 2, 3, 4, 5}, 0.90);
  EXPECT_NEAR(interval.high - interval.mean, 2.132 * std::sqrt(2.5) / std::sqrt(5.0), 1e-3);
  EXPECT_LT(interval.high, mean_interval({1, 2, 3, 4, 5}).high);
}

TEST(MeanInterval, single_value_gives_a_zero_width_interval) {
  const auto interval = mean_interval({4.5});
  EXPECT_EQ(interval.n, 1);
  EXPECT_DOUBLE_EQ(interval.mean, 4.5);
  EXPECT_DOUBLE_EQ(interval.low, 4.5);
  EXPECT_DOUBLE_EQ(interval.high, 4.5);
  EXPECT_DOUBLE_EQ(interval.sd, 0.0);
}

TEST(MeanInterval, identical_values_give_zero_width_and_empty_input_gives_n_zero) {
  const auto same = mean_interval({2, 2, 2});
  EXPECT_DOUBLE_EQ(same.low, 2.0);
  EXPECT_DOUBLE_EQ(same.high, 2.0);
  EXPECT_EQ(mean_interval({}).n, 0);
}

// Paired differences remove what both runs share: a constant shift gives a zero-width
// interval however noisy the replications are.
TEST(PairedDifference, constant_shift_is_exact_however_noisy_the_runs) {
  const std::vector<double> a = {10, 30, 5, 42, 17};
  std::vector<double> b = a;
  for (auto& v : b) v += 3;
  const auto difference = paired_difference(a, b);
  EXPECT_DOUBLE_EQ(difference.mean, 3.0);
  EXPECT_DOUBLE_EQ(difference.low, 3.0);
  EXPECT_DOUBLE_EQ(difference.high, 3.0);
  // Unpaired, the same data give a wide interval that includes 0.
  const auto unpaired = welch_difference(a, b);
  EXPECT_DOUBLE_EQ(unpaired.mean, 3.0);
  EXPECT_LT(unpaired.low, 0.0);
  EXPECT_GT(unpaired.high, 6.0);
}

// Welch interval against a hand computation: a = {1,2,3}, b = {4,6,8}; variances 1 and 4,
// se = sqrt(1/3 + 4/3) = 1.29099; df = (5/3)^2 / ((1/3)^2/2 + (4/3)^2/2) = 2.94, so the t
// quantile lies between the table values t_{0.975,3} = 3.1824 and t_{0.975,2} = 4.3027,
// near the first.
TEST(WelchDifference, matches_hand_computed_interval) {
  const auto difference = welch_difference({1, 2, 3}, {4, 6, 8});
  EXPECT_DOUBLE_EQ(difference.mean, 4.0);
  EXPECT_NEAR(difference.sd, 1.290994, 1e-6);
  const double quantile = (difference.high - difference.mean) / difference.sd;
  EXPECT_GT(quantile, 3.1824);
  EXPECT_LT(quantile, 3.3);
  EXPECT_NEAR(difference.mean - difference.low, difference.high - difference.mean, 1e-12);
}

TEST(Summary, bounded_interval_stays_in_range_and_keeps_the_mean) {
  // exits in 20 replications: one exit in one of them (the 0.05 [-0.055, 0.155]).
  std::vector<double> exits(20, 0.0);
  exits[3] = 1.0;
  const auto plain = mean_interval(exits);
  ASSERT_LT(plain.low, 0.0);
  const auto bounded = bounded_mean_interval(exits, 0.0, 1e300);
  EXPECT_EQ(bounded.mean, plain.mean);
  EXPECT_EQ(bounded.low, 0.0);
  EXPECT_EQ(bounded.high, plain.high);
  const auto share = bounded_mean_interval({1.0, 1.0, 0.98, 1.0}, 0.0, 1.0);
  EXPECT_LE(share.high, 1.0);
  EXPECT_GT(share.low, 0.9);
}

}  // namespace
}  // namespace clustersim
