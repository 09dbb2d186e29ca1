// `clustersim compare`: paired differences between two results files.
#include <gtest/gtest.h>

#include <filesystem>

#include "support/test_support.hpp"

namespace clustersim {
namespace {

using testing::contains;

class CompareCli : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = testing::temporary_folder("compare");
    const std::string tutorial = testing::source_path("scenarios/tutorial.toml");
    // The same seed with and without partner transfer: a paired comparison.
    ASSERT_EQ(testing::run_clustersim("run " + tutorial + " -q -r 4 -o " + a()).exit_code, 0);
    ASSERT_EQ(testing::run_clustersim("run " + tutorial +
                                      " -q -r 4 --set parameters.transfer.rate=0 -o " + b())
                  .exit_code,
              0);
  }
  void TearDown() override { std::filesystem::remove_all(folder_); }
  std::string a() const { return folder_ + "/a.h5"; }
  std::string b() const { return folder_ + "/b.h5"; }
  std::string folder_;
};

TEST_F(CompareCli, same_seed_is_compared_pairwise_and_identical_initial_state_differs_by_zero) {
  const auto result = testing::run_clustersim("compare " + a() + " " + b() +
                                              " --metrics knowledge_mean,firms_alive");
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_TRUE(contains(result.output, "paired by replication"));
  EXPECT_TRUE(contains(result.output, "knowledge_mean"));
  // At the initial column both runs are the same world: every difference is exactly 0.
  const auto initial = testing::run_clustersim("compare " + a() + " " + b() +
                                               " --month 2019-12 --metrics knowledge_mean");
  EXPECT_EQ(initial.exit_code, 0) << initial.output;
  EXPECT_TRUE(contains(initial.output, "[          0,           0]"));
}

TEST_F(CompareCli, different_seeds_fall_back_to_an_unpaired_interval) {
  const std::string other = folder_ + "/c.h5";
  ASSERT_EQ(testing::run_clustersim("run " + testing::source_path("scenarios/tutorial.toml") +
                                    " -q -r 4 --seed 99 -o " + other)
                .exit_code,
            0);
  const auto result = testing::run_clustersim("compare " + a() + " " + other);
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_TRUE(contains(result.output, "unpaired"));
}

TEST_F(CompareCli, unknown_metric_or_month_is_bad_input) {
  EXPECT_EQ(
      testing::run_clustersim("compare " + a() + " " + b() + " --metrics no_such_metric").exit_code,
      2);
  EXPECT_EQ(testing::run_clustersim("compare " + a() + " " + b() + " --month 1999-01").exit_code,
            2);
  EXPECT_EQ(testing::run_clustersim("compare " + a() + " " + folder_ + "/missing.h5").exit_code, 2);
  // A missing file is named as the synopsis names it, not by an internal option.
  const auto one = testing::run_clustersim("compare " + a());
  EXPECT_EQ(one.exit_code, 2);
  EXPECT_TRUE(contains(one.output, "B is missing (expected clustersim compare A.h5 B.h5"))
      << one.output;
}

// A grid's rows are design points x replications: compare refuses to pool them as if they
// were replications of one scenario.
TEST_F(CompareCli, an_experiment_file_is_refused) {
  const std::string grid = folder_ + "/grid.h5";
  ASSERT_EQ(testing::run_clustersim("grid " + testing::source_path("scenarios/tutorial.toml") +
                                    " -q -r 2 --vary parameters.transfer.rate=0,0.1 -o " + grid)
                .exit_code,
            0);
  const auto result = testing::run_clustersim("compare " + a() + " " + grid);
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_TRUE(contains(result.output, "2 design points x 2 replications")) << result.output;
}

// One replication has no spread: no interval is printed and nothing is marked, even where
// the means differ.
TEST_F(CompareCli, one_replication_gives_no_interval_and_no_mark) {
  const std::string single = folder_ + "/single.h5";
  ASSERT_EQ(testing::run_clustersim("run " + testing::source_path("scenarios/tutorial.toml") +
                                    " -q -r 1 --set parameters.transfer.rate=0 -o " + single)
                .exit_code,
            0);
  const auto result =
      testing::run_clustersim("compare " + a() + " " + single + " --metrics knowledge_mean");
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_TRUE(contains(result.output, "n/a (1 replication)")) << result.output;
  EXPECT_FALSE(contains(result.output, "*")) << result.output;
}

}  // namespace
}  // namespace clustersim
