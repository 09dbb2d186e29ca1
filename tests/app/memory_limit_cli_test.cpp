// Runs that cannot fit are refused before anything is allocated (issue 11): the firm
// total over every group is limited, and --max-memory (default 80% of physical memory)
// bounds the estimate of worlds at once plus the metrics a command holds.
#include "app/memory_limit.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "models/memory_estimate.hpp"
#include "models/scenario/scenario_loader.hpp"
#include "sim/diagnostics.hpp"
#include "sim/results_file.hpp"
#include "support/test_support.hpp"

namespace clustersim {
namespace {

namespace fs = std::filesystem;
using testing::contains;

class MemoryLimitCli : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ =
        testing::temporary_folder(std::string("memory-cli-") +
                                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
  }
  void TearDown() override { fs::remove_all(folder_); }
  // The minimal scenario with its firm group repeated `groups` times, `count` firms each.
  std::string scenario(int groups, int count) {
    std::string text = testing::minimal_scenario_toml();
    const auto at = text.find("[[firms]]");
    const auto end = text.find("[[universities]]");
    std::string firms;
    for (int g = 0; g < groups; ++g)
      firms += "[[firms]]\nname = \"g" + std::to_string(g) +
               "\"\ncluster = \"city\"\nsector = \"ict\"\ncount = " + std::to_string(count) +
               "\n\n";
    text.replace(at, end - at, firms);
    const auto path = folder_ + "/s.toml";
    testing::write_file(path, text);
    return path;
  }
  std::string output() const { return folder_ + "/out.h5"; }
  std::string folder_;
};

TEST_F(MemoryLimitCli, a_hundred_groups_of_ten_million_firms_are_bad_input) {
  const auto result =
      testing::run_clustersim("run " + scenario(100, 10'000'000) + " -o " + output());
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_TRUE(contains(result.output, "firms: too many firms in all"));
  EXPECT_TRUE(contains(result.output, "got 1000000000"));
  EXPECT_FALSE(fs::exists(output()));
}

TEST_F(MemoryLimitCli, two_hundred_fifty_groups_are_bad_input_without_overflow) {
  const auto result = testing::run_clustersim("validate " + scenario(250, 10'000'000));
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_TRUE(contains(result.output, "got 2500000000"));
}

TEST_F(MemoryLimitCli, a_run_above_max_memory_is_refused_with_the_estimate_and_the_limit) {
  // About 180 MB a world (929 bytes a slot with the partner pools as reserved and the
  // scratch rows): small enough to run if the check were missing.
  const auto result = testing::run_clustersim("run " + scenario(1, 100'000) +
                                              " -q --threads 1 --max-memory 100M -o " + output());
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_TRUE(contains(result.output, "memory: the run needs about 18"));
  EXPECT_TRUE(contains(result.output, "200064 firm slots"));
  EXPECT_TRUE(contains(result.output, "above the limit of 100.0 MB (--max-memory)"));
  EXPECT_FALSE(fs::exists(output()));
}

TEST_F(MemoryLimitCli, the_metrics_held_count_too) {
  const auto result =
      testing::run_clustersim("run " + scenario(1, 10) + " -r 100000" +
                              " --set calendar.end=2040-12 --max-memory 2M -o " + output());
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_TRUE(contains(result.output, "x 100000 replications x 241 months x 8 bytes"));
}

// `run` writes each replication as it finishes, so an ensemble whose whole table would not
// fit under the limit runs; so does `sweep`, which keeps only the compared value of each
// run; `rerun`, which holds the stored table, is refused.
TEST_F(MemoryLimitCli, run_streams_replications_so_the_whole_table_need_not_fit) {
  const auto path = scenario(1, 10);
  const Scenario scenario = load_scenario_file(path, {"replications=2000"});
  const std::uint64_t streamed = estimate_memory(scenario, 2, 0).total_bytes;
  const std::uint64_t held = estimate_memory(scenario, 2, 1).total_bytes;
  const std::uint64_t limit = (streamed + held) / 2;
  ASSERT_LT(streamed, limit);
  ASSERT_GT(held, limit);
  const std::string options = " -r 2000 --threads 2 -q --max-memory " + std::to_string(limit);
  auto result = testing::run_clustersim("run " + path + options + " -o " + output());
  EXPECT_EQ(result.exit_code, 0) << result.output;
  const ResultsData written = read_results(output());
  ASSERT_EQ(written.metrics.replications(), 2000);
  const int alive = written.metrics.index_of("firms_alive");
  for (int r : {0, 1, 1998, 1999}) EXPECT_EQ(written.metrics.at(alive, r, 0), 10.0) << r;
  result = testing::run_clustersim(
      "sweep " + path + options +
      " --vary parameters.transfer.rate=0:0.1 --metric firms_alive -o " + folder_ + "/sweep.h5");
  EXPECT_EQ(result.exit_code, 0) << result.output;
  result = testing::run_clustersim("rerun " + output() + " -q --threads 2 --max-memory " +
                                   std::to_string(limit));
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_TRUE(contains(result.output, "1 whole table(s)")) << result.output;
}

TEST_F(MemoryLimitCli, the_default_limit_refuses_max_firms_at_its_maximum) {
  // One world of 1e8 slots needs about 115 GB: above 80% of this machine's memory.
  if (app::physical_memory() > (std::uint64_t(100) << 30)) GTEST_SKIP() << "over 100 GB of RAM";
  const auto result = testing::run_clustersim("run " + scenario(1, 10) +
                                              " --set max_firms=100000000 -o " + output());
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_TRUE(contains(result.output, "default: 80% of the"));
}

TEST_F(MemoryLimitCli, a_small_run_fits_and_a_bad_size_is_bad_input) {
  auto result =
      testing::run_clustersim("run " + scenario(1, 10) + " -q --max-memory 512M -o " + output());
  EXPECT_EQ(result.exit_code, 0) << result.output;
  result = testing::run_clustersim("rerun " + output() + " --max-memory 12Q");
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_TRUE(contains(result.output, "--max-memory 12Q: expected a size"));
}

TEST(MemoryLimit, sizes_parse_with_binary_units) {
  EXPECT_EQ(app::parse_memory_size("0"), 0u);
  EXPECT_EQ(app::parse_memory_size("1000"), 1000u);
  EXPECT_EQ(app::parse_memory_size("64k"), 64u << 10);
  EXPECT_EQ(app::parse_memory_size("3G"), std::uint64_t(3) << 30);
  EXPECT_THROW(app::parse_memory_size("-1G"), InputError);
  EXPECT_THROW(app::parse_memory_size("1GB"), InputError);
  EXPECT_THROW(app::parse_memory_size("99999999999T"), InputError);
}

}  // namespace
}  // namespace clustersim
