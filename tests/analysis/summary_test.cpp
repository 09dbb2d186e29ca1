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

}  // namespace
}  // namespace clustersim
