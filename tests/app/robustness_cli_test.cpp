// The program as a careful user or an attacker drives it (issue 11): outputs are checked
// before any work and never replace an input, concurrent writers are excluded, HDF5
// failures are clean errors, malformed inputs and option values are bad input (exit 2).
#include <gtest/gtest.h>

#include <H5Cpp.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "sim/results_file.hpp"
#include "support/test_support.hpp"

namespace clustersim {
namespace {

namespace fs = std::filesystem;
using testing::contains;
using testing::read_text;

class RobustnessCli : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ =
        testing::temporary_folder(std::string("robust-cli-") +
                                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
    scenario_ = path("s.toml");
    testing::write_file(scenario_, testing::minimal_scenario_toml());
  }
  void TearDown() override { fs::remove_all(folder_); }
  std::string path(const std::string& name) const { return folder_ + "/" + name; }
  testing::CommandResult run(const std::string& arguments) {
    return testing::run_clustersim(arguments);
  }
  std::vector<std::string> files() const {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(folder_))
      names.push_back(entry.path().filename().string());
    return names;
  }
  std::string folder_, scenario_;
};

TEST_F(RobustnessCli, output_equal_to_the_input_is_refused_even_with_force) {
  const std::string before = read_text(scenario_);
  for (const std::string force : {"", " --force"}) {
    const auto result = run("run " + scenario_ + " -q -o " + scenario_ + force);
    EXPECT_EQ(result.exit_code, 2) << result.output;
    EXPECT_TRUE(contains(result.output, "is an input of this command"));
    EXPECT_EQ(read_text(scenario_), before);
  }
}

TEST_F(RobustnessCli, output_equal_to_an_extended_base_is_refused_even_with_force) {
  const auto base = path("base.toml"), middle = path("middle.toml"), top = path("top.toml");
  testing::write_file(base, testing::minimal_scenario_toml());
  testing::write_file(middle, "extends = \"base.toml\"\nseed = 3\n");
  testing::write_file(top, "extends = \"middle.toml\"\nreplications = 1\n");
  for (const auto& input : {base, middle}) {
    const std::string before = read_text(input);
    const auto result = run("run " + top + " -q --force -o " + input);
    EXPECT_EQ(result.exit_code, 2) << result.output;
    EXPECT_TRUE(contains(result.output, "is an input of this command"));
    EXPECT_EQ(read_text(input), before);
  }
}

TEST_F(RobustnessCli, existing_output_is_refused_unless_force) {
  const auto out = path("out.h5");
  testing::write_file(out, "earlier results");
  auto result = run("run " + scenario_ + " -q -o " + out);
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_TRUE(contains(result.output, "-o/--output '" + out + "': already exists"));
  EXPECT_EQ(read_text(out), "earlier results");
  result = run("run " + scenario_ + " -q --force -o " + out);
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_EQ(read_results(out).metrics.replications(), 2);
}

TEST_F(RobustnessCli, bad_outputs_are_refused_before_any_work) {
  // A scenario that would run for minutes: the refusal must come first.
  const std::string slow = " --set firms.0.count=200000 -r 500 -q";
  for (const std::string out : {std::string("''"), folder_, path("no/such/x.h5")}) {
    const auto result = run("run " + scenario_ + slow + " -o " + out);
    EXPECT_EQ(result.exit_code, 2) << out << ": " << result.output;
    EXPECT_TRUE(contains(result.output, "-o/--output")) << result.output;
  }
  EXPECT_EQ(files(), std::vector<std::string>{"s.toml"});
}

TEST_F(RobustnessCli, unwritable_place_is_refused_before_any_work_without_a_crash) {
  // /proc takes no new files: refused when the lock cannot be created, before the run
  // (an HDF5 failure later in a run is exit 1: ResultsRobustness.writer_hdf5_failure_*).
  const auto result = run("run " + scenario_ + " -q -o /proc/x.h5");
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_TRUE(contains(result.output, "-o/--output '/proc/x.h5': cannot create the lock file"));
  EXPECT_FALSE(contains(result.output, "terminate"));
}

TEST_F(RobustnessCli, a_second_writer_to_the_same_output_is_refused) {
  const auto out = path("busy.h5");
  const OutputLock held(out);  // as a running clustersim holds it
  const auto result = run("run " + scenario_ + " -q -o " + out);
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_TRUE(contains(result.output, "another clustersim process is writing"));
  EXPECT_FALSE(fs::exists(out));
}

TEST_F(RobustnessCli, stale_temporary_files_are_cleaned_up_and_no_lock_is_left) {
  const auto stale = path(".out.h5.tmp-999999999");  // above Linux's PID limit: never alive
  testing::write_file(stale, "partial results of a killed run");
  const auto result = run("run " + scenario_ + " -q -o " + path("out.h5"));
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_FALSE(fs::exists(stale));
  auto names = files();
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"out.h5", "s.toml"}));
}

TEST_F(RobustnessCli, domain_map_errors_name_their_key) {
  // Reader kept a reference to a temporary key: the message printed freed memory.
  std::string text = testing::minimal_scenario_toml();
  text.replace(text.find("knowledge = {"), 0, "competence = { software = 5 }\n");
  testing::write_file(scenario_, text);
  auto result = run("validate " + scenario_);
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_TRUE(contains(result.output, "firms[0].competence.software: out of range"))
      << result.output;

  testing::write_file(scenario_, testing::minimal_scenario_toml() +
                                     "\n[[events]]\ndate = \"2021-06\"\n"
                                     "import_cut = { electronics = 1.5 }\n");
  result = run("validate " + scenario_);
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_TRUE(contains(result.output, "import_cut.electronics: out of range")) << result.output;
}

TEST_F(RobustnessCli, inputs_that_break_toml_plus_plus_are_bad_input) {
  for (const std::string text :
       {"[,[firms]]\n", "domains = [ },\n", "name = \"x\xff\"\n", "a = 1\xc3\xa9\n"}) {
    testing::write_file(scenario_, text);
    const auto result = run("validate " + scenario_);
    EXPECT_EQ(result.exit_code, 2) << text << result.output;
    EXPECT_TRUE(contains(result.output, "syntax error")) << result.output;
  }
}

TEST_F(RobustnessCli, option_values_out_of_range_are_bad_input_naming_the_option) {
  testing::write_file(scenario_,
                      testing::minimal_scenario_toml() + "\n[[events]]\ndate = \"2021-06\"\n");
  auto result = run("run " + scenario_ + " -q --set events.99999999999999999999.date=2021-02 -o " +
                    path("a.h5"));
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_TRUE(contains(result.output, "no such array element"));
  result = run("run " + scenario_ + " -q --threads -1 -o " + path("b.h5"));
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_TRUE(contains(result.output, "--threads -1"));
  result = run("run " + scenario_ + " -q --seed -1 -o " + path("c.h5"));
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_TRUE(contains(result.output, "--seed -1: expected an integer from 0 to"));
  result = run("run " + scenario_ + " -q --seed 18446744073709551616 -o " + path("d.h5"));
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_TRUE(files().size() == 1);
}

TEST_F(RobustnessCli, replications_out_of_range_are_reported_as_the_option_typed) {
  const auto result = run("run " + scenario_ + " -q -r 0 -o " + path("a.h5"));
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_TRUE(contains(result.output, "-r/--replications 0: out of range"));
  EXPECT_FALSE(contains(result.output, "--set replications"));
}

TEST_F(RobustnessCli, a_negative_event_budget_other_than_no_change_is_bad_input) {
  testing::write_file(scenario_, testing::minimal_scenario_toml() +
                                     "\n[[events]]\ndate = \"2021-06\"\nfunder = \"grants\"\n"
                                     "funder_budget = -0.5\n");
  const auto result = run("validate " + scenario_);
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_TRUE(contains(result.output, "events[0].funder_budget: negative budget"));
}

TEST_F(RobustnessCli, largest_seed_is_accepted_and_rerun_reproduces_it) {
  const auto out = path("max.h5");
  auto result = run("run " + scenario_ + " -q --seed 18446744073709551615 -o " + out);
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_EQ(read_results(out).attributes.at("seed"), "18446744073709551615");
  result = run("rerun " + out);
  EXPECT_EQ(result.exit_code, 0) << result.output;
}

TEST_F(RobustnessCli, file_types_are_recognised) {
  const auto out = path("r.h5");
  ASSERT_EQ(run("run " + scenario_ + " -q -o " + out).exit_code, 0);
  auto result = run("validate " + out);
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_TRUE(contains(result.output, "an HDF5 results file, not TOML text"));
  result = run("inspect " + scenario_);
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_TRUE(contains(result.output, "not an HDF5 file"));
}

TEST_F(RobustnessCli, compare_refuses_files_without_metrics_and_different_calendars) {
  const auto a = path("a.h5"), stress = path("stress.h5"), longer = path("long.h5");
  ASSERT_EQ(run("run " + scenario_ + " -q -o " + a).exit_code, 0);
  ASSERT_EQ(run("stress " + scenario_ + " --shock parameters.production.wage=0.05:0.5 --metric " +
                "firms_alive --threshold 1 -r 2 --points 2 --refine 0 -q -o " + stress)
                .exit_code,
            0);
  for (const auto& pair : {stress + " " + stress, a + " " + stress}) {
    const auto result = run("compare " + pair);
    EXPECT_EQ(result.exit_code, 2) << result.output;
    EXPECT_TRUE(contains(result.output, "no metrics to compare")) << result.output;
  }
  ASSERT_EQ(run("run " + scenario_ + " -q --set calendar.end=2022-06 -o " + longer).exit_code, 0);
  auto result = run("compare " + a + " " + longer);
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_TRUE(contains(result.output, "the calendars differ"));
  result = run("compare " + a + " " + longer + " --month 2021-12");
  EXPECT_EQ(result.exit_code, 0) << result.output;
}

TEST_F(RobustnessCli, malformed_results_files_are_bad_input_for_every_reader) {
  const auto file = path("rank3.h5");
  {
    H5::H5File h5(file, H5F_ACC_TRUNC);
    H5::StrType text(H5::PredType::C_S1, H5T_VARIABLE);
    h5.createAttribute("schema", text, H5::DataSpace(H5S_SCALAR))
        .write(text, std::string("clustersim"));
    h5.createDataSet("scenario", text, H5::DataSpace(H5S_SCALAR)).write(std::string("x"), text);
    const hsize_t one = 1;
    const char* label = "2021-01";
    h5.createGroup("time").createDataSet("label", text, H5::DataSpace(1, &one)).write(&label, text);
    const hsize_t dims[3] = {2, 3, 4};
    std::vector<double> values(24, 1.0);
    h5.createGroup("metrics")
        .createDataSet("cash", H5::PredType::NATIVE_DOUBLE, H5::DataSpace(3, dims))
        .write(values.data(), H5::PredType::NATIVE_DOUBLE);
  }
  for (const std::string command :
       {"inspect " + file, "rerun " + file, "compare " + file + " " + file}) {
    const auto result = run(command);
    EXPECT_EQ(result.exit_code, 2) << command << ": " << result.output;
    EXPECT_TRUE(contains(result.output, "has 3 dimensions")) << result.output;
  }
}

}  // namespace
}  // namespace clustersim
