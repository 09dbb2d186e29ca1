// `clustersim sweep`: one-at-a-time sensitivity with paired effects, resumable after
// kill -9.
#include <gtest/gtest.h>

#include <H5Cpp.h>

#include <filesystem>

#include "analysis/run_journal.hpp"
#include "support/test_support.hpp"

namespace clustersim {
namespace {

using testing::contains;

class SweepCli : public ::testing::Test {
 protected:
  void SetUp() override { folder_ = testing::temporary_folder("sweep"); }
  void TearDown() override { std::filesystem::remove_all(folder_); }
  std::string tutorial() const { return testing::source_path("scenarios/tutorial.toml"); }
  std::string folder_;
};

TEST_F(SweepCli, ranks_keys_and_finds_that_partner_transfer_raises_knowledge) {
  const std::string out = folder_ + "/sweep.h5";
  const auto result = testing::run_clustersim(
      "sweep " + tutorial() +
      " --vary parameters.transfer.rate=0:0.2 --vary parameters.partnering.trust_gain=0.1:0.2"
      " --metric knowledge_mean -r 8 -o " +
      out);
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_TRUE(contains(result.output, "parameters.transfer.rate"));
  // Not a terminal here: progress goes out as plain lines, the last at 100% of the runs
  // of the five ensembles (baseline, two keys at low and high, 8 replications each).
  EXPECT_TRUE(contains(result.output, "progress: 100% (40 of 40)"));
  EXPECT_TRUE(contains(result.output, "ETA 0 s\n"));
  H5::H5File file(out, H5F_ACC_RDONLY);
  auto effect = file.openDataSet("sweep/effect");
  ASSERT_EQ(effect.getSpace().getSimpleExtentNpoints(), 2);
  double values[2];
  effect.read(values, H5::PredType::NATIVE_DOUBLE);
  EXPECT_GT(values[0], 0.0);  // more transfer, more knowledge: the sign must hold
  double low[2];
  file.openDataSet("sweep/effect_low").read(low, H5::PredType::NATIVE_DOUBLE);
  EXPECT_GT(low[0], 0.0);  // and clearly so, paired over 8 replications (exits add noise)
  auto at_low = file.openDataSet("sweep/at_low");
  hsize_t dims[2];
  at_low.getSpace().getSimpleExtentDims(dims);
  EXPECT_EQ(dims[0], 2u);
  EXPECT_EQ(dims[1], 8u);
}

TEST_F(SweepCli, bad_ranges_keys_and_metrics_are_bad_input_and_write_nothing) {
  const std::string out = folder_ + "/bad.h5";
  for (const std::string arguments :
       {" --vary parameters.transfer.rate=0.2:0.1 --metric links",
        " --vary parameters.transfer.rate=0 --metric links",
        " --vary parameters.no_such_key=0:1 --metric links",
        " --vary parameters.transfer.rate=0:2 --metric links",
        " --vary parameters.transfer.rate=0:0.1 --metric no_such_metric"}) {
    const auto result = testing::run_clustersim("sweep " + tutorial() + arguments + " -o " + out);
    EXPECT_EQ(result.exit_code, 2) << arguments << "\n" << result.output;
    EXPECT_FALSE(std::filesystem::exists(out)) << arguments;
  }
  EXPECT_TRUE(std::filesystem::is_empty(folder_));
}

// The sweep's runs are the runs `clustersim run` makes at the same settings and seed.
TEST_F(SweepCli, each_end_of_a_range_is_the_run_at_that_value) {
  const std::string out = folder_ + "/sweep.h5", run = folder_ + "/run.h5";
  ASSERT_EQ(testing::run_clustersim("sweep " + tutorial() +
                                    " --vary parameters.transfer.rate=0:0.1 --metric "
                                    "innovations_total -r 4 -q -o " +
                                    out)
                .exit_code,
            0);
  ASSERT_EQ(testing::run_clustersim("run " + tutorial() +
                                    " --set parameters.transfer.rate=0.1 -r 4 -q -o " + run)
                .exit_code,
            0);
  H5::H5File sweep(out, H5F_ACC_RDONLY), single(run, H5F_ACC_RDONLY);
  double at_high[4], metric[4 * 61];
  sweep.openDataSet("sweep/at_high").read(at_high, H5::PredType::NATIVE_DOUBLE);
  single.openDataSet("metrics/innovations_total").read(metric, H5::PredType::NATIVE_DOUBLE);
  for (int r = 0; r < 4; ++r) EXPECT_EQ(at_high[r], metric[r * 61 + 60]) << r;
}

// Long enough to be killed in the middle: 10 runs of a larger tutorial.
const std::string kSlowSweep =
    " --set firms.1.count=600 --set max_firms=0 -r 2 -q --threads 1 --metric firms_alive"
    " --vary parameters.transfer.rate=0:0.2 --vary parameters.innovation.start_rate=0.1:0.3";

TEST_F(SweepCli, a_killed_sweep_resumes_to_the_same_results) {
  const std::string whole = folder_ + "/whole.h5", resumed = folder_ + "/resumed.h5";
  const std::string command = "sweep " + tutorial() + kSlowSweep;
  ASSERT_EQ(testing::run_clustersim(command + " -o " + whole).exit_code, 0);
  const std::string journal = RunJournal::folder_for(resumed);
  const auto killed = testing::run_clustersim_killed_after(command + " -o " + resumed, journal, 3);
  ASSERT_TRUE(contains(killed.output, "killed"));
  ASSERT_FALSE(std::filesystem::exists(resumed)) << "finished before it was killed";
  ASSERT_GE(testing::runs_kept(journal), 3);
  ASSERT_LT(testing::runs_kept(journal), 10);
  // Without --resume the kept runs are not thrown away silently; another plan is refused.
  const auto fresh = testing::run_clustersim(command + " -o " + resumed);
  EXPECT_EQ(fresh.exit_code, 2) << fresh.output;
  EXPECT_TRUE(contains(fresh.output, "--resume to continue it"));
  const auto other = testing::run_clustersim(
      command + " --vary parameters.production.wage=0.05:0.1 --resume -o " + resumed);
  EXPECT_EQ(other.exit_code, 2) << other.output;
  EXPECT_TRUE(contains(other.output, "holds the runs of another experiment"));

  const auto again = testing::run_clustersim(command + " --resume -o " + resumed);
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_EQ(testing::group_contents(whole, "sweep"), testing::group_contents(resumed, "sweep"));
  EXPECT_FALSE(std::filesystem::exists(journal));
}

// --force starts over: the kept runs of an interrupted sweep are discarded, not reused.
TEST_F(SweepCli, force_discards_the_runs_of_an_interrupted_sweep) {
  const std::string out = folder_ + "/sweep.h5";
  const std::string journal = RunJournal::folder_for(out);
  std::filesystem::create_directories(journal);
  testing::write_file(journal + "/plan.txt", "clustersim sweep (another)\n");
  const auto result = testing::run_clustersim(
      "sweep " + tutorial() +
      " --vary parameters.transfer.rate=0:0.1 --metric firms_alive -r 2 -q --force -o " + out);
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_TRUE(std::filesystem::exists(out));
  EXPECT_FALSE(std::filesystem::exists(journal));
}

}  // namespace
}  // namespace clustersim
