// `clustersim stress`: the search on the tutorial scenario, the /stress group, bad input
// (exit 2, nothing written), interruption (exit 1, only the journal left behind), resuming
// after kill -9 and the same results on any number of threads.
#include <gtest/gtest.h>

#include <H5Cpp.h>
#include <sys/wait.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "analysis/run_journal.hpp"
#include "sim/results_file.hpp"
#include "support/test_support.hpp"

namespace clustersim {
namespace {

namespace fs = std::filesystem;

std::vector<double> read_doubles(const H5::H5File& file, const std::string& name) {
  auto dataset = file.openDataSet(name);
  std::vector<double> values(std::size_t(dataset.getSpace().getSimpleExtentNpoints()));
  dataset.read(values.data(), H5::PredType::NATIVE_DOUBLE);
  return values;
}

double read_number(const H5::Group& group, const std::string& name) {
  double value = 0;
  group.openAttribute(name).read(H5::PredType::NATIVE_DOUBLE, &value);
  return value;
}

std::string read_text(const H5::Group& group, const std::string& name) {
  auto attribute = group.openAttribute(name);
  std::string value;
  attribute.read(attribute.getStrType(), value);
  return value;
}

int files_in(const std::string& folder) {
  int count = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(folder)) ++count;
  return count;
}

// Higher wages drain cash; at 0.5 mln RUB/employee-month most of the 50 initial firms exit.
const std::string kWageShock =
    " --shock parameters.production.wage=0.05:0.5 --metric firms_alive --threshold 40";

class StressCli : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = testing::temporary_folder(
        std::string("stress-") + ::testing::UnitTest::GetInstance()->current_test_info()->name());
  }
  void TearDown() override { fs::remove_all(folder_); }
  std::string path(const std::string& name) const { return folder_ + "/" + name; }
  std::string tutorial() const { return testing::source_path("scenarios/tutorial.toml"); }
  std::string folder_;
};

TEST_F(StressCli, wage_shock_finds_a_breaking_point_and_writes_the_stress_group) {
  const auto out = path("wage.h5");
  const auto result = testing::run_clustersim("stress " + tutorial() + kWageShock +
                                              " -r 3 --points 5 --refine 2 --threads 1 -o " + out);
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("breaking point (median)"), std::string::npos) << result.output;
  ASSERT_TRUE(fs::exists(out));
  EXPECT_EQ(files_in(folder_), 1);  // no temporary file left

  H5::H5File file(out, H5F_ACC_RDONLY);
  EXPECT_EQ(read_text(file, "schema"), "clustersim");
  const auto shock = read_doubles(file, "stress/shock");
  const auto share = read_doubles(file, "stress/crossing_share");
  const auto breaking = read_doubles(file, "stress/breaking_point");
  ASSERT_GE(shock.size(), 5u);
  ASSERT_EQ(share.size(), shock.size());
  ASSERT_EQ(breaking.size(), 3u);
  EXPECT_DOUBLE_EQ(shock.front(), 0.05);
  EXPECT_DOUBLE_EQ(shock.back(), 0.5);
  for (std::size_t j = 1; j < shock.size(); ++j) {
    EXPECT_LT(shock[j - 1], shock[j]);
    EXPECT_LE(share[j - 1], share[j]) << "at shock " << shock[j];
  }
  EXPECT_DOUBLE_EQ(share.front(), 0.0);
  EXPECT_DOUBLE_EQ(share.back(), 1.0);

  const auto stress = file.openGroup("stress");
  EXPECT_EQ(read_text(stress, "key"), "parameters.production.wage");
  EXPECT_EQ(read_text(stress, "metric"), "firms_alive");
  EXPECT_EQ(read_text(stress, "direction"), "below");  // 50 initial firms, above 40
  const double estimate = read_number(stress, "estimate");
  EXPECT_GT(estimate, 0.05);
  EXPECT_LE(estimate, 0.5);
  EXPECT_LE(read_number(stress, "ci_low"), read_number(stress, "mean"));
  EXPECT_GE(read_number(stress, "ci_high"), read_number(stress, "mean"));
  for (double b : breaking) EXPECT_FALSE(std::isnan(b));

  auto crossed = file.openDataSet("stress/crossed");
  hsize_t dims[2] = {0, 0};
  crossed.getSpace().getSimpleExtentDims(dims);
  EXPECT_EQ(dims[0], 3u);
  EXPECT_EQ(dims[1], shock.size());
  EXPECT_EQ(crossed.getDataType().getSize(), 1u);

  // The provenance header holds the scenario resolved at LO.
  const auto data = read_results(out);
  EXPECT_NE(data.scenario_toml.find("wage = 0.05"), std::string::npos);
  EXPECT_EQ(data.attributes.at("replications"), "3");
}

TEST_F(StressCli, nothing_crossing_still_succeeds_and_says_so) {
  const auto out = path("none.h5");
  const auto result = testing::run_clustersim(
      "stress " + tutorial() +
      " --shock parameters.production.wage=0.01:0.05 --metric firms_alive --threshold 1"
      " -r 2 --points 3 --refine 1 --threads 1 -o " +
      out);
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("no replication crosses"), std::string::npos) << result.output;
  H5::H5File file(out, H5F_ACC_RDONLY);
  const auto stress = file.openGroup("stress");
  EXPECT_TRUE(std::isnan(read_number(stress, "estimate")));
  int censored = 0;
  stress.openAttribute("censored").read(H5::PredType::NATIVE_INT, &censored);
  EXPECT_EQ(censored, 2);
}

// A threshold every replication crosses already at LO (60 firms, the tutorial starts with
// 50): the summary says so, since the breaking points then lie at or below LO.
TEST_F(StressCli, crossing_already_at_the_low_end_is_reported) {
  const auto result = testing::run_clustersim(
      "stress " + tutorial() +
      " --shock parameters.production.wage=0.05:0.5 --metric firms_alive --threshold 60"
      " --direction below -r 2 --points 3 --refine 1 --threads 1 -o " +
      path("low.h5"));
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("already crossing at 0.05: 2 of 2"), std::string::npos)
      << result.output;
}

TEST_F(StressCli, bad_input_exits_two_and_writes_nothing) {
  const auto out = path("bad.h5");
  const std::string base = "stress " + tutorial() + " -r 2 --points 3 --refine 1 -q -o " + out;
  const std::vector<std::string> cases = {
      " --shock parameters.production.wage=0.05 --metric firms_alive --threshold 40",
      " --shock parameters.production.wage=0.5:0.05 --metric firms_alive --threshold 40",
      " --shock parameters.production.wage=0.2:0.2 --metric firms_alive --threshold 40",
      " --shock parameters.production.wage=x:0.5 --metric firms_alive --threshold 40",
      " --shock parameters.production.wage=0.05:0.5 --metric no_such_metric --threshold 40",
      " --shock parameters.production.no_such_key=0:1 --metric firms_alive --threshold 40",
      " --shock parameters.transfer.rate=0:5 --metric firms_alive --threshold 40",
      " --shock parameters.production.wage=0.05:0.5 --metric firms_alive --threshold 40"
      " --within 1000",
      " --shock parameters.production.wage=0.05:0.5 --metric firms_alive --threshold 40"
      " --direction sideways",
      " --shock parameters.production.wage=0.05:0.5 --metric firms_alive --threshold 0"
      " --relative",
      " --shock parameters.production.wage=0.05:0.5 --metric firms_alive --threshold 1"
      " --relative",
      " --shock parameters.production.wage=0.05:0.5 --metric exits --threshold 0.5 --relative",
  };
  for (const auto& arguments : cases) {
    const auto result = testing::run_clustersim(base + arguments);
    EXPECT_EQ(result.exit_code, 2) << arguments << "\n" << result.output;
    EXPECT_EQ(files_in(folder_), 0) << arguments;
  }
}

// Issue 9: a shock on an event's key counts --within from the event's month (tutorial's
// events.1 takes effect in 2023-01, 24 months before the end), not from the start.
TEST_F(StressCli, within_counts_from_the_shocks_event) {
  const auto out = path("event.h5");
  const std::string base = "stress " + tutorial() +
                           " --shock events.1.funder_budget=0:100 --metric firms_alive"
                           " --threshold 1 -r 2 --points 2 --refine 0 --threads 1 -o " +
                           out;
  const auto ok = testing::run_clustersim(base + " --within 24");
  ASSERT_EQ(ok.exit_code, 0) << ok.output;
  EXPECT_NE(ok.output.find("within 24 months of the shock's event (from 2023-01)"),
            std::string::npos)
      << ok.output;
  fs::remove(out);
  const auto late = testing::run_clustersim(base + " --within 25");
  EXPECT_EQ(late.exit_code, 2) << late.output;
  EXPECT_NE(late.output.find("from the shock's event"), std::string::npos) << late.output;
}

int read_int(const H5::Group& group, const std::string& name) {
  int value = 0;
  group.openAttribute(name).read(H5::PredType::NATIVE_INT, &value);
  return value;
}

// --relative compares each replication with itself at LO, month by month: the tutorial's
// churn takes firms_alive below 48 whatever the grant budget (one of the two replications
// crosses at LO; both did before issue 25's replacement entry, when the count drifted from
// 50 to about 43; the other now stays at or above its start of 50), yet a grant budget never costs
// a tenth of the firms the unshocked run keeps; a wage shock does, so it has a relative breaking
// point.
TEST_F(StressCli, relative_threshold_counts_only_what_the_shock_adds) {
  const std::string budget = "stress " + tutorial() +
                             " --shock events.1.funder_budget=0:100 --metric firms_alive"
                             " -r 2 --points 3 --refine 1 --threads 1 -o ";
  const auto absolute = testing::run_clustersim(budget + path("absolute.h5") + " --threshold 48");
  ASSERT_EQ(absolute.exit_code, 0) << absolute.output;
  H5::H5File churn(path("absolute.h5"), H5F_ACC_RDONLY);
  EXPECT_EQ(read_int(churn.openGroup("stress"), "at_low"), 1);
  EXPECT_EQ(read_int(churn.openGroup("stress"), "relative"), 0);

  const auto paired =
      testing::run_clustersim(budget + path("paired.h5") + " --threshold 0.9 --relative");
  ASSERT_EQ(paired.exit_code, 0) << paired.output;
  EXPECT_NE(paired.output.find("x its value at 0 (same month)"), std::string::npos)
      << paired.output;
  H5::H5File none(path("paired.h5"), H5F_ACC_RDONLY);
  EXPECT_EQ(read_int(none.openGroup("stress"), "censored"), 2);
  EXPECT_EQ(read_int(none.openGroup("stress"), "relative"), 1);
  EXPECT_EQ(read_text(none.openGroup("stress"), "direction"), "below");

  const auto wage = testing::run_clustersim(
      "stress " + tutorial() +
      " --shock parameters.production.wage=0.05:0.5 --metric firms_alive --threshold 0.8"
      " --relative -r 2 --points 5 --refine 2 --threads 1 -o " +
      path("wage.h5"));
  ASSERT_EQ(wage.exit_code, 0) << wage.output;
  H5::H5File found(path("wage.h5"), H5F_ACC_RDONLY);
  const auto stress = found.openGroup("stress");
  EXPECT_EQ(read_int(stress, "censored"), 0);
  EXPECT_EQ(read_int(stress, "at_low"), 0);
  EXPECT_GT(read_number(stress, "estimate"), 0.05);
}

TEST_F(StressCli, sigterm_stops_the_search_keeping_only_its_journal) {
  const auto out = path("big.h5");
  const std::string command =
      testing::binary_path() + " stress " + tutorial() + kWageShock +
      " --set firms.1.count=20000 --set max_firms=0 -r 50 -q --threads 2 -o " + out;
  const std::string script =
      "/bin/sh -c '" + command + " & pid=$!; sleep 1; kill -TERM $pid; wait $pid; echo rc=$?' 2>&1";
  FILE* pipe = ::popen(script.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string output;
  std::array<char, 4096> buffer{};
  while (std::fgets(buffer.data(), int(buffer.size()), pipe)) output += buffer.data();
  ::pclose(pipe);
  EXPECT_NE(output.find("rc=1"), std::string::npos) << output;
  EXPECT_NE(output.find("interrupted"), std::string::npos) << output;
  EXPECT_NE(output.find("with --resume runs only the rest"), std::string::npos) << output;
  EXPECT_FALSE(fs::exists(out));
  EXPECT_TRUE(fs::exists(RunJournal::folder_for(out))) << output;
  EXPECT_EQ(files_in(folder_), 1) << output;  // the journal, nothing else
}

// The evaluations run in parallel over replications; each is a pure function of its
// shock and replication, so the thread count changes nothing, to the bit.
TEST_F(StressCli, one_thread_and_two_give_the_same_results) {
  for (const std::string mode : {"", " --relative"}) {
    const std::string threshold = mode.empty() ? " --threshold 40" : " --threshold 0.8";
    const std::string base = "stress " + tutorial() +
                             " --shock parameters.production.wage=0.05:0.5 --metric firms_alive" +
                             threshold + mode + " -r 3 --points 4 --refine 2 -q -o ";
    for (const std::string threads : {"1", "2"}) {
      const auto result =
          testing::run_clustersim(base + path("t" + threads + ".h5") + " --threads " + threads);
      ASSERT_EQ(result.exit_code, 0) << mode << result.output;
    }
    EXPECT_EQ(testing::group_contents(path("t1.h5"), "stress"),
              testing::group_contents(path("t2.h5"), "stress"))
        << mode;
    fs::remove(path("t1.h5"));
    fs::remove(path("t2.h5"));
  }
}

// Long enough to be killed in the middle: a larger tutorial, a relative threshold (the
// baseline runs, then the search's evaluations).
const std::string kSlowStress =
    " --set firms.1.count=1500 --set max_firms=0 --shock parameters.production.wage=0.05:0.5"
    " --metric firms_alive --relative -r 3 --points 4 --refine 2 -q --threads 1";

// The search is adaptive but deterministic: a resumed one asks for the same evaluations,
// the journal answers those that finished, and the file is the uninterrupted one's.
TEST_F(StressCli, a_killed_search_resumes_to_the_same_results) {
  const auto whole = path("whole.h5"), resumed = path("resumed.h5");
  const std::string command = "stress " + tutorial() + kSlowStress + " --threshold 0.8";
  ASSERT_EQ(testing::run_clustersim(command + " -o " + whole).exit_code, 0);
  const std::string journal = RunJournal::folder_for(resumed);
  // Killed once the journal holds evaluations too, not only the 3 baseline runs.
  const auto killed = testing::run_clustersim_killed_after(command + " -o " + resumed, journal, 8);
  ASSERT_NE(killed.output.find("killed"), std::string::npos);
  ASSERT_FALSE(fs::exists(resumed)) << "finished before it was killed";
  ASSERT_GE(testing::runs_kept(journal), 8);
  // Without --resume the kept runs are not thrown away silently, and a resumed search
  // must ask the same question.
  const auto fresh = testing::run_clustersim(command + " -o " + resumed);
  EXPECT_EQ(fresh.exit_code, 2) << fresh.output;
  EXPECT_NE(fresh.output.find("--resume to continue it"), std::string::npos) << fresh.output;
  const auto other = testing::run_clustersim("stress " + tutorial() + kSlowStress +
                                             " --threshold 0.7 --resume -o " + resumed);
  EXPECT_EQ(other.exit_code, 2) << other.output;
  EXPECT_NE(other.output.find("holds the runs of another experiment"), std::string::npos);

  const auto again = testing::run_clustersim(command + " --resume -o " + resumed);
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_EQ(testing::group_contents(whole, "stress"), testing::group_contents(resumed, "stress"));
  EXPECT_FALSE(fs::exists(journal));
}

}  // namespace
}  // namespace clustersim
