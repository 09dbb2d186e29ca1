// The clustersim program: commands, exit codes (0 success, 1 failure, 2 bad input) and files.
#include <gtest/gtest.h>

#include <H5Cpp.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "models/cluster_model.hpp"
#include "models/scenario/scenario_loader.hpp"
#include "sim/parallel.hpp"
#include "sim/results_file.hpp"
#include "support/test_support.hpp"

namespace clustersim {
namespace {

namespace fs = std::filesystem;

using testing::contains;
using testing::read_text;

// The tutorial scenario, shortened to keep each run well under a second.
std::string tutorial() {
  return testing::source_path("scenarios/tutorial.toml") +
         " --set replications=2 --set calendar.end=2023-06"
         " --set 'output.snapshots=[\"2022-12\"]'";
}

class Cli : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = testing::temporary_folder(
        std::string("cli-") + ::testing::UnitTest::GetInstance()->current_test_info()->name());
  }
  void TearDown() override { fs::remove_all(folder_); }
  std::string path(const std::string& name) const { return folder_ + "/" + name; }
  // Writes a results file of the short tutorial and returns its path.
  std::string run_tutorial(const std::string& name, int threads = 1, const std::string& more = "") {
    const auto out = path(name);
    const auto result = testing::run_clustersim("run " + tutorial() + more + " -q --threads " +
                                                std::to_string(threads) + " -o " + out);
    EXPECT_EQ(result.exit_code, 0) << result.output;
    return out;
  }
  std::string folder_;
};

TEST_F(Cli, run_writes_results_and_exits_zero) {
  const auto out = path("tutorial.h5");
  const auto result = testing::run_clustersim("run " + tutorial() + " --threads 2 -o " + out);
  EXPECT_EQ(result.exit_code, 0) << result.output;
  ASSERT_TRUE(fs::exists(out));
  EXPECT_TRUE(contains(result.output, "written to " + out));
  EXPECT_TRUE(contains(result.output, "firms_alive"));
  const auto data = read_results(out);
  EXPECT_EQ(data.metrics.replications(), 2);
  EXPECT_EQ(data.labels.back(), "2023-06");
  EXPECT_EQ(data.attributes.at("threads"), "2");
  EXPECT_TRUE(contains(data.attributes.at("command_line"), "clustersim run"));
  // Nothing but the results file is left in the folder.
  int files = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(folder_)) ++files;
  EXPECT_EQ(files, 1);
}

TEST_F(Cli, run_writes_snapshot_groups_for_requested_months) {
  const auto out = run_tutorial("snap.h5");
  H5::H5File file(out, H5F_ACC_RDONLY);
  ASSERT_TRUE(file.nameExists("snapshots"));
  const auto snapshots = file.openGroup("snapshots");
  EXPECT_EQ(snapshots.getNumObjs(), 1u);
  ASSERT_TRUE(snapshots.nameExists("2022-12"));
  const auto month = snapshots.openGroup("2022-12");
  EXPECT_TRUE(month.nameExists("replication_0"));
  EXPECT_TRUE(month.nameExists("replication_1"));
  EXPECT_TRUE(file.nameExists("snapshots/2022-12/replication_0/firms/knowledge"));
  EXPECT_TRUE(file.nameExists("snapshots/2022-12/replication_0/network/edges"));
}

// Every metric of two results files, bit for bit.
void expect_same_results(const ResultsData& one, const ResultsData& two) {
  ASSERT_EQ(one.metrics.metrics().size(), two.metrics.metrics().size());
  ASSERT_GT(one.metrics.metrics().size(), 10u);
  ASSERT_EQ(one.metrics.replications(), two.metrics.replications());
  ASSERT_EQ(one.metrics.columns(), two.metrics.columns());
  const std::size_t bytes =
      sizeof(double) * std::size_t(one.metrics.replications() * one.metrics.columns());
  for (const auto& info : one.metrics.metrics()) {
    const int b = two.metrics.index_of(info.name);
    ASSERT_GE(b, 0) << info.name;
    EXPECT_EQ(std::memcmp(one.metrics.series(one.metrics.index_of(info.name)),
                          two.metrics.series(b), bytes),
              0)
        << info.name;
  }
  EXPECT_EQ(one.scenario_toml, two.scenario_toml);
}

// The short tutorial's worlds (164 firm slots) are smaller than the parallel grain, so its
// firm loops never split: what runs concurrently here is the two replications.
TEST_F(Cli, replications_on_two_threads_give_the_results_of_one_thread) {
  expect_same_results(read_results(run_tutorial("one.h5", 1)),
                      read_results(run_tutorial("two.h5", 2)));
}

// One replication of a tutorial grown to 2034 firms: its 4132 firm slots make firm loops
// of sixteen chunks at the program's own grain, so a second thread can only help by
// taking chunks of the same world's loops, and the results must not change. (A smaller
// world's loops are too short for a second thread to join often on a busy machine: with
// a rule that depends on which thread runs a firm, 534 firms failed 1 run in 5, these
// 6 in 6.)
TEST_F(Cli, firm_loops_split_over_two_threads_give_the_results_of_one_thread) {
  const std::string grown = " --set replications=1 --set firms.1.count=2000";
  const Scenario scenario =
      load_scenario_file(testing::source_path("scenarios/tutorial.toml"),
                         {"replications=1", "firms.1.count=2000", "calendar.end=2023-06",
                          "output.snapshots=[\"2022-12\"]"});
  ASSERT_GE(cluster_model(scenario).build(0).firms.capacity, 8 * kDefaultParallelGrain);
  expect_same_results(read_results(run_tutorial("one.h5", 1, grown)),
                      read_results(run_tutorial("two.h5", 2, grown)));
}

TEST_F(Cli, bad_scenario_exits_two_and_creates_no_file) {
  const auto scenario = path("bad.toml");
  testing::write_file(scenario,
                      testing::minimal_scenario_toml() + "colour = \"blue\"\nseed = -4\n");
  const auto out = path("bad.h5");
  const auto result = testing::run_clustersim("run " + scenario + " -q -o " + out);
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_TRUE(contains(result.output, scenario + ":"));
  EXPECT_TRUE(contains(result.output, "colour: unknown key"));
  EXPECT_TRUE(contains(result.output, "2 problems found"));
  EXPECT_FALSE(fs::exists(out));
  EXPECT_TRUE(fs::exists(scenario));
  int files = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(folder_)) ++files;
  EXPECT_EQ(files, 1);
}

// Issue 25: a moratorium that ends before it starts stops the run with its place in the
// file and exit status 2.
TEST_F(Cli, bad_moratorium_exits_two_with_its_place) {
  const auto scenario = path("moratorium.toml");
  const std::string base = testing::minimal_scenario_toml();
  testing::write_file(scenario, base +
                                    "\n[[bankruptcy_moratorium]]\nfrom = \"2021-10\"\n"
                                    "until = \"2021-04\"\n");
  const auto result = testing::run_clustersim("run " + scenario + " -q -o " + path("m.h5"));
  EXPECT_EQ(result.exit_code, 2) << result.output;
  // The base's lines, then a blank line, the table header, `from` and `until`.
  const int line = int(std::count(base.begin(), base.end(), '\n')) + 4;
  EXPECT_TRUE(contains(result.output, scenario + ":" + std::to_string(line) + ":"))
      << result.output;
  EXPECT_TRUE(contains(result.output, "bankruptcy_moratorium[0].until: ends before it starts"))
      << result.output;
}

TEST_F(Cli, bad_scenario_leaves_existing_output_unchanged) {
  const auto out = path("existing.h5");
  testing::write_file(out, "earlier results");
  const auto result = testing::run_clustersim(
      "run " + tutorial() + " --set parameters.transfer.rate=5 -q --force -o " + out);
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_TRUE(contains(result.output, "parameters.transfer.rate: out of range"));
  EXPECT_EQ(read_text(out), "earlier results");
}

TEST_F(Cli, bad_set_override_exits_two) {
  auto result =
      testing::run_clustersim("run " + tutorial() + " --set replications -q -o " + path("x.h5"));
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_TRUE(contains(result.output, "malformed override"));
  result = testing::run_clustersim("validate " + tutorial() + " --set parameters.transfr.rate=0");
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_TRUE(contains(result.output, "did you mean \"parameters.transfer.rate\""));
  EXPECT_FALSE(fs::exists(path("x.h5")));
}

TEST_F(Cli, missing_output_folder_exits_two) {
  const auto result =
      testing::run_clustersim("run " + tutorial() + " -q -o " + path("no/such/folder/x.h5"));
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_TRUE(contains(result.output, "folder does not exist"));
}

TEST_F(Cli, validate_prints_resolved_toml) {
  const auto result = testing::run_clustersim("validate " + tutorial());
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_TRUE(contains(result.output, "# Resolved scenario"));
  EXPECT_TRUE(contains(result.output, "replications = 2  # runs\n"));
  EXPECT_TRUE(contains(result.output, "end = \"2023-06\"\n"));
  EXPECT_TRUE(contains(result.output, "[parameters.transfer]\nrate = 0.05"));
  // The printed text is itself a valid scenario that validates to the same text.
  const auto resolved = path("resolved.toml");
  testing::write_file(resolved, result.output);
  const auto again = testing::run_clustersim("validate " + resolved);
  EXPECT_EQ(again.exit_code, 0) << again.output;
  EXPECT_EQ(again.output, result.output);
}

TEST_F(Cli, inspect_prints_provenance) {
  const auto out = run_tutorial("inspect.h5");
  const auto result = testing::run_clustersim("inspect " + out);
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_TRUE(contains(result.output, "provenance"));
  EXPECT_TRUE(contains(result.output, "schema: clustersim"));
  EXPECT_TRUE(contains(result.output, "seed: 42"));
  EXPECT_TRUE(contains(result.output, "replications: 2"));
  EXPECT_TRUE(contains(result.output, "git_commit: "));
  EXPECT_TRUE(contains(result.output, "command_line: clustersim run"));
  EXPECT_TRUE(contains(result.output, "knowledge_mean"));
}

// A grid's rows are design points x replications: inspect lists the points instead of
// pooling them, and --point gives one point's final values, the same as a run of that
// point on the same seed.
TEST_F(Cli, inspect_lists_an_experiments_points_and_summarises_one) {
  const std::string tutorial = testing::source_path("scenarios/tutorial.toml");
  const auto grid = path("inspect_grid.h5"), point = path("inspect_point.h5");
  ASSERT_EQ(testing::run_clustersim("grid " + tutorial +
                                    " -q -r 2 --vary parameters.transfer.rate=0,0.1 -o " + grid)
                .exit_code,
            0);
  ASSERT_EQ(testing::run_clustersim("run " + tutorial +
                                    " -q -r 2 --set parameters.transfer.rate=0.1 -o " + point)
                .exit_code,
            0);
  const auto listed = testing::run_clustersim("inspect " + grid);
  EXPECT_EQ(listed.exit_code, 0) << listed.output;
  EXPECT_TRUE(contains(listed.output, "point 1: parameters.transfer.rate=0.1")) << listed.output;
  EXPECT_FALSE(contains(listed.output, "metric (final month)")) << listed.output;
  const auto line_of = [](const std::string& text, const std::string& start) {
    const auto at = text.find("\n" + start);
    return at == std::string::npos ? std::string()
                                   : text.substr(at + 1, text.find('\n', at + 1) - at - 1);
  };
  const auto one = testing::run_clustersim("inspect " + grid + " --point 1");
  const auto run = testing::run_clustersim("inspect " + point);
  EXPECT_FALSE(line_of(one.output, "knowledge_mean ").empty()) << one.output;
  EXPECT_EQ(line_of(one.output, "knowledge_mean "), line_of(run.output, "knowledge_mean "));
  EXPECT_EQ(testing::run_clustersim("inspect " + grid + " --point 2").exit_code, 2);
}

// One replication has no spread: the final table gives no interval rather than one of
// zero width.
TEST_F(Cli, a_single_replication_gets_no_interval) {
  const auto out = run_tutorial("single.h5", 1, " -r 1");
  const auto result = testing::run_clustersim("inspect " + out);
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_TRUE(contains(result.output, "n/a (1 replication)")) << result.output;
  const auto two = testing::run_clustersim("inspect " + run_tutorial("two.h5", 1, " -r 2"));
  EXPECT_FALSE(contains(two.output, "n/a (1 replication)")) << two.output;
}

TEST_F(Cli, inspect_missing_file_exits_two) {
  const auto result = testing::run_clustersim("inspect " + path("absent.h5"));
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_TRUE(contains(result.output, "absent.h5"));
}

TEST_F(Cli, rerun_reproduces_stored_results) {
  const auto out = run_tutorial("rerun.h5", 2);
  const auto result = testing::run_clustersim("rerun " + out + " --threads 1");
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_TRUE(contains(result.output, "identical"));
  // Progress as plain lines (not a terminal), ending at 100% before the verdict.
  EXPECT_TRUE(contains(result.output, "progress: 100% ("));
}

TEST_F(Cli, rerun_detects_a_tampered_value) {
  const auto out = run_tutorial("tampered.h5");
  {
    H5::H5File file(out, H5F_ACC_RDWR);
    auto dataset = file.openDataSet("metrics/revenue");
    hsize_t dims[2] = {0, 0};
    dataset.getSpace().getSimpleExtentDims(dims);
    std::vector<double> values(dims[0] * dims[1]);
    dataset.read(values.data(), H5::PredType::NATIVE_DOUBLE);
    values.back() = std::nextafter(values.back(), 1e300);  // the smallest possible change
    dataset.write(values.data(), H5::PredType::NATIVE_DOUBLE);
  }
  const auto result = testing::run_clustersim("rerun " + out + " --threads 1");
  EXPECT_EQ(result.exit_code, 1) << result.output;
  EXPECT_TRUE(contains(result.output, "differs: revenue"));
  EXPECT_TRUE(contains(result.output, "1 of "));
}

// Snapshots are compared too: the smallest change to one firm's cash in one snapshot is
// found and named, and the rerun fails.
TEST_F(Cli, rerun_detects_a_tampered_snapshot) {
  const auto out = run_tutorial("tampered_snapshot.h5");
  std::string month;
  {
    H5::H5File file(out, H5F_ACC_RDWR);
    const auto snapshots = file.openGroup("snapshots");
    ASSERT_GT(snapshots.getNumObjs(), 0u);
    month = snapshots.getObjnameByIdx(0);
    auto dataset = file.openDataSet("snapshots/" + month + "/replication_0/firms/cash");
    std::vector<double> values(std::size_t(dataset.getSpace().getSimpleExtentNpoints()));
    dataset.read(values.data(), H5::PredType::NATIVE_DOUBLE);
    values.front() = std::nextafter(values.front(), 1e300);
    dataset.write(values.data(), H5::PredType::NATIVE_DOUBLE);
  }
  // Two threads: replications, and the snapshot comparisons under their lock, in parallel.
  const auto result = testing::run_clustersim("rerun " + out + " --threads 2");
  EXPECT_EQ(result.exit_code, 1) << result.output;
  EXPECT_TRUE(contains(result.output, "differs: /snapshots/" + month + "/replication_0/firms/cash"))
      << result.output;
  EXPECT_TRUE(contains(result.output, "identical: all ")) << result.output;  // the metrics
}

TEST_F(Cli, rerun_of_a_non_results_file_exits_two) {
  testing::write_file(path("plain.h5"), "text");
  const auto result = testing::run_clustersim("rerun " + path("plain.h5"));
  EXPECT_EQ(result.exit_code, 2) << result.output;
}

TEST(CliUsage, version_exits_zero) {
  const auto result = testing::run_clustersim("--version");
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_EQ(result.output.rfind("clustersim ", 0), 0u) << result.output;
}

TEST(CliUsage, no_arguments_prints_usage_and_exits_two) {
  const auto result = testing::run_clustersim("");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_TRUE(contains(result.output, "usage:"));
}

TEST(CliUsage, unknown_command_exits_two) {
  const auto result = testing::run_clustersim("frobnicate");
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_TRUE(contains(result.output, "unknown command \"frobnicate\""));
}

TEST(CliUsage, unknown_option_exits_two) {
  const auto result = testing::run_clustersim("validate x.toml --frobnicate");
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_TRUE(contains(result.output, "see --help"));
}

TEST(CliUsage, missing_scenario_file_exits_two) {
  const auto result = testing::run_clustersim("validate /nonexistent/scenario.toml");
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_TRUE(contains(result.output, "/nonexistent/scenario.toml"));
}

TEST(CliUsage, reference_prints_markdown) {
  const auto result = testing::run_clustersim("reference");
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_TRUE(contains(result.output, "parameters.transfer.rate"));
}

}  // namespace
}  // namespace clustersim
