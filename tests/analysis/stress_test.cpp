// The stress search on synthetic evaluators whose breaking points are known exactly.
#include "analysis/stress.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

namespace clustersim {
namespace {

// Replication r crosses at shock v exactly when v >= truth[r].
CrossingEvaluator threshold_evaluator(const std::vector<double>& truth, int* calls = nullptr) {
  return [truth, calls](double shock, const std::vector<int>& which) {
    if (calls) ++*calls;
    std::vector<std::uint8_t> out;
    for (int r : which) out.push_back(shock >= truth[std::size_t(r)] ? 1 : 0);
    return out;
  };
}

std::vector<double> staircase(int replications) {
  std::vector<double> truth;
  for (int r = 0; r < replications; ++r) truth.push_back(0.3 + 0.01 * r);
  return truth;
}

TEST(StressSearch, finds_each_breaking_point_within_the_bisection_tolerance) {
  const auto truth = staircase(10);
  const auto result = find_breaking_points(0.0, 1.0, 10, {9, 5}, threshold_evaluator(truth));
  EXPECT_DOUBLE_EQ(result.tolerance, 0.125 / 32);
  ASSERT_EQ(result.breaking_point.size(), 10u);
  for (int r = 0; r < 10; ++r) {
    // The reported point is a shock seen to cross: at or above the truth, within tolerance.
    EXPECT_GE(result.breaking_point[std::size_t(r)], truth[std::size_t(r)]) << "replication " << r;
    EXPECT_LT(result.breaking_point[std::size_t(r)], truth[std::size_t(r)] + result.tolerance)
        << "replication " << r;
  }
  EXPECT_EQ(result.censored, 0);
  EXPECT_EQ(result.at_low, 0);
  EXPECT_EQ(result.non_monotone, 0);
}

TEST(StressSearch, estimate_is_the_lower_median_and_interval_covers_the_mean) {
  const auto truth = staircase(10);  // 0.30 .. 0.39; lower median 0.34, mean 0.345
  const auto result = find_breaking_points(0.0, 1.0, 10, {9, 6}, threshold_evaluator(truth));
  EXPECT_GE(result.estimate, 0.34);
  EXPECT_LT(result.estimate, 0.34 + result.tolerance);
  EXPECT_EQ(result.interval.n, 10);
  EXPECT_NEAR(result.interval.mean, 0.345, result.tolerance);
  // The t-interval of the true points (half-width 2.262 * 0.0303 / sqrt(10) = 0.0217),
  // shifted by at most the tolerance.
  const auto exact = mean_interval(truth);
  EXPECT_NEAR(exact.high - exact.mean, 0.0217, 1e-3);
  EXPECT_NEAR(result.interval.low, exact.low, 2 * result.tolerance);
  EXPECT_NEAR(result.interval.high, exact.high, 2 * result.tolerance);
}

TEST(StressSearch, replications_beyond_the_range_are_censored_and_excluded_from_the_mean) {
  const double never = std::numeric_limits<double>::infinity();
  const std::vector<double> truth = {0.2, 0.4, 2.0, never};
  const auto result = find_breaking_points(0.0, 1.0, 4, {5, 4}, threshold_evaluator(truth));
  EXPECT_EQ(result.censored, 2);
  EXPECT_TRUE(std::isnan(result.breaking_point[2]));
  EXPECT_TRUE(std::isnan(result.breaking_point[3]));
  EXPECT_EQ(result.interval.n, 2);
  EXPECT_NEAR(result.interval.mean, 0.3, result.tolerance);
  // Two of four cross, so half cross at the second breaking point.
  EXPECT_NEAR(result.estimate, 0.4, result.tolerance);
  EXPECT_DOUBLE_EQ(result.crossing_share.back(), 0.5);
}

TEST(StressSearch, estimate_is_undefined_when_fewer_than_half_cross) {
  const std::vector<double> truth = {0.5, 3.0, 4.0};
  const auto result = find_breaking_points(0.0, 1.0, 3, {5, 3}, threshold_evaluator(truth));
  EXPECT_TRUE(std::isnan(result.estimate));
  EXPECT_EQ(result.censored, 2);
}

TEST(StressSearch, nothing_crossing_gives_all_censored_and_nan_summary) {
  const std::vector<double> truth = {5.0, 6.0};
  const auto result = find_breaking_points(0.0, 1.0, 2, {4, 3}, threshold_evaluator(truth));
  EXPECT_EQ(result.censored, 2);
  EXPECT_TRUE(std::isnan(result.estimate));
  EXPECT_TRUE(std::isnan(result.interval.mean));
  EXPECT_EQ(result.shock.size(), 4u);  // no bisection without a crossing
  for (double share : result.crossing_share) EXPECT_DOUBLE_EQ(share, 0.0);
}

TEST(StressSearch, crossing_share_is_non_decreasing_over_sorted_unique_shocks) {
  const auto truth = staircase(7);
  const auto result = find_breaking_points(0.1, 0.9, 7, {6, 4}, threshold_evaluator(truth));
  ASSERT_EQ(result.crossing_share.size(), result.shock.size());
  ASSERT_EQ(result.crossed.size(), result.shock.size() * 7);
  ASSERT_EQ(result.observed.size(), result.shock.size() * 7);
  EXPECT_DOUBLE_EQ(result.shock.front(), 0.1);
  EXPECT_DOUBLE_EQ(result.shock.back(), 0.9);
  for (std::size_t j = 1; j < result.shock.size(); ++j) {
    EXPECT_LT(result.shock[j - 1], result.shock[j]);
    EXPECT_LE(result.crossing_share[j - 1], result.crossing_share[j]);
  }
  EXPECT_DOUBLE_EQ(result.crossing_share.front(), 0.0);
  EXPECT_DOUBLE_EQ(result.crossing_share.back(), 1.0);
  // Where a replication was run, the implied crossing agrees with what it did.
  const auto columns = result.shock.size();
  for (std::size_t i = 0; i < result.observed.size(); ++i)
    if (result.observed[i] >= 0) EXPECT_EQ(result.observed[i], result.crossed[i]) << i / columns;
}

TEST(StressSearch, replications_crossing_at_low_are_counted_and_pinned_to_low) {
  const std::vector<double> truth = {-1.0, 0.5};
  const auto result = find_breaking_points(0.0, 1.0, 2, {3, 4}, threshold_evaluator(truth));
  EXPECT_EQ(result.at_low, 1);
  EXPECT_DOUBLE_EQ(result.breaking_point[0], 0.0);
  EXPECT_NEAR(result.breaking_point[1], 0.5, result.tolerance);
}

TEST(StressSearch, non_monotone_replications_are_flagged_and_keep_their_first_crossing) {
  // Replication 0 crosses only in [0.25, 0.5); replication 1 is well behaved.
  const CrossingEvaluator evaluate = [](double shock, const std::vector<int>& which) {
    std::vector<std::uint8_t> out;
    for (int r : which)
      out.push_back(r == 0 ? (shock >= 0.25 && shock < 0.5) : (shock >= 0.6) ? 1 : 0);
    return out;
  };
  const auto result = find_breaking_points(0.0, 1.0, 2, {5, 3}, evaluate);
  EXPECT_EQ(result.non_monotone, 1);
  EXPECT_NEAR(result.breaking_point[0], 0.25, result.tolerance);
}

TEST(StressSearch, replications_sharing_a_bracket_share_each_bisection_run) {
  int calls = 0;
  const std::vector<double> truth(20, 0.37);  // all in the same grid bracket
  const auto result =
      find_breaking_points(0.0, 1.0, 20, {5, 4}, threshold_evaluator(truth, &calls));
  EXPECT_EQ(calls, 5 + 4);  // one call per grid value, one per bisection round
  for (double bp : result.breaking_point) EXPECT_NEAR(bp, 0.37, result.tolerance);
}

TEST(StressSearch, rejects_bad_arguments_and_wrong_sized_answers) {
  const auto truth = staircase(2);
  EXPECT_THROW(find_breaking_points(1.0, 1.0, 2, {}, threshold_evaluator(truth)),
               std::invalid_argument);
  EXPECT_THROW(find_breaking_points(0.0, 1.0, 2, {1, 5}, threshold_evaluator(truth)),
               std::invalid_argument);
  EXPECT_THROW(find_breaking_points(0.0, 1.0, 2, {3, -1}, threshold_evaluator(truth)),
               std::invalid_argument);
  const CrossingEvaluator short_answer = [](double, const std::vector<int>&) {
    return std::vector<std::uint8_t>{1};
  };
  EXPECT_THROW(find_breaking_points(0.0, 1.0, 2, {}, short_answer), std::runtime_error);
}

}  // namespace
}  // namespace clustersim
