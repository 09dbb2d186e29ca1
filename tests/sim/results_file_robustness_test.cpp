// Results files that are not what the format prescribes, and outputs that must not be
// written: read_results refuses malformed shapes (no buffer overruns), the writer's HDF5
// errors become OutputError, outputs are checked, locked and stale temporaries removed.
#include <gtest/gtest.h>

#include <H5Cpp.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "sim/diagnostics.hpp"
#include "sim/results_file.hpp"
#include "support/files.hpp"

namespace clustersim {
namespace {

namespace fs = std::filesystem;
using testing::contains;

class ResultsRobustness : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = testing::temporary_folder(
        std::string("robust-") + ::testing::UnitTest::GetInstance()->current_test_info()->name());
  }
  void TearDown() override { fs::remove_all(folder_); }
  std::string path(const std::string& name) const { return folder_ + "/" + name; }

  // A file with the header of a results file (schema, /scenario, `labels` labels) and one
  // dataset /metrics/NAME of `dims` per entry of `metrics`.
  std::string craft(const std::string& name, int labels,
                    const std::vector<std::pair<std::string, std::vector<hsize_t>>>& metrics) {
    const auto file_path = path(name);
    H5::H5File file(file_path, H5F_ACC_TRUNC);
    H5::StrType text(H5::PredType::C_S1, H5T_VARIABLE);
    const std::string schema = "clustersim";
    file.createAttribute("schema", text, H5::DataSpace(H5S_SCALAR)).write(text, schema);
    file.createDataSet("scenario", text, H5::DataSpace(H5S_SCALAR))
        .write(std::string("name = \"x\"\n"), text);
    auto time = file.createGroup("time");
    std::vector<const char*> values(std::size_t(labels), "2021-01");
    const hsize_t count = values.size();
    auto label = time.createDataSet("label", text, H5::DataSpace(1, &count));
    if (labels > 0) label.write(values.data(), text);
    auto group = file.createGroup("metrics");
    for (const auto& [metric, dims] : metrics) {
      hsize_t total = 1;
      for (auto d : dims) total *= d;
      std::vector<double> data(total, 1.0);
      auto dataset = group.createDataSet(metric, H5::PredType::NATIVE_DOUBLE,
                                         H5::DataSpace(int(dims.size()), dims.data()));
      dataset.write(data.data(), H5::PredType::NATIVE_DOUBLE);
    }
    return file_path;
  }

  // The message of the InputError read_results throws, or "" when it throws none.
  static std::string read_error(const std::string& file) {
    try {
      read_results(file);
    } catch (const InputError& error) {
      return error.what();
    }
    return "";
  }

  std::string folder_;
};

TEST_F(ResultsRobustness, well_formed_crafted_file_is_read) {
  const auto file = craft("good.h5", 3, {{"cash", {2, 3}}, {"debt", {2, 3}}});
  const auto data = read_results(file);
  EXPECT_EQ(data.metrics.replications(), 2);
  EXPECT_EQ(data.metrics.columns(), 3);
  EXPECT_EQ(data.metrics.at(1, 1, 2), 1.0);
}

TEST_F(ResultsRobustness, rank_three_metric_is_bad_input_not_an_overflow) {
  const auto file = craft("rank3.h5", 1, {{"cash", {2, 3, 4}}});
  EXPECT_TRUE(contains(read_error(file), "/metrics/cash has 3 dimensions (expected 2"));
}

TEST_F(ResultsRobustness, metrics_of_different_shapes_are_bad_input) {
  const auto file = craft("shapes.h5", 3, {{"cash", {2, 3}}, {"debt", {5, 3}}});
  EXPECT_TRUE(contains(read_error(file), "/metrics/debt has 5 replications, other metrics 2"));
}

TEST_F(ResultsRobustness, columns_must_match_the_labels) {
  const auto file = craft("columns.h5", 1, {{"cash", {2, 3}}});
  EXPECT_TRUE(contains(read_error(file), "3 columns but /time/label has 1 labels"));
}

TEST_F(ResultsRobustness, empty_labels_are_bad_input) {
  const auto file = craft("nolabels.h5", 0, {});
  EXPECT_TRUE(contains(read_error(file), "/time/label is empty"));
}

TEST_F(ResultsRobustness, a_text_file_is_recognised_as_not_hdf5) {
  const auto file = path("scenario.toml");
  testing::write_file(file, "name = \"x\"\n");
  EXPECT_TRUE(contains(read_error(file), "not an HDF5 file"));
}

TEST_F(ResultsRobustness, writer_hdf5_failure_is_an_output_error_naming_the_file) {
  // /proc accepts no new files: the HDF5 exception must arrive as a std::exception.
  try {
    ResultsWriter writer("/proc/clustersim-test.h5");
    FAIL() << "created a file in /proc";
  } catch (const OutputError& error) {
    EXPECT_TRUE(contains(error.what(), "/proc/clustersim-test.h5: cannot create"));
  }
}

TEST_F(ResultsRobustness, output_checks_name_the_option_and_the_problem) {
  const auto input = path("in.toml");
  testing::write_file(input, "x");
  const auto error = [&](const std::string& out, bool force) -> std::string {
    try {
      check_output_path(out, {input}, force, "-o/--output");
    } catch (const InputError& e) {
      return e.what();
    }
    return "";
  };
  EXPECT_TRUE(contains(error("", false), "-o/--output '': empty file name"));
  EXPECT_TRUE(contains(error(folder_, true), "is a folder"));
  EXPECT_TRUE(contains(error(path("no/such/x.h5"), false), "folder does not exist"));
  EXPECT_TRUE(contains(error(input, true), "is an input of this command"));
  EXPECT_TRUE(
      contains(error(folder_ + "/../" + fs::path(folder_).filename().string() + "/in.toml", true),
               "is an input"));
  EXPECT_TRUE(contains(error(input, false), "is an input"));
  const auto existing = path("old.h5");
  testing::write_file(existing, "old");
  EXPECT_TRUE(contains(error(existing, false), "already exists"));
  EXPECT_TRUE(contains(error(existing, false), "--force"));
  EXPECT_EQ(error(existing, true), "");
  EXPECT_EQ(error(path("new.h5"), false), "");
}

TEST_F(ResultsRobustness, lock_excludes_a_second_writer_until_released) {
  const auto out = path("locked.h5");
  {
    OutputLock first(out);
    EXPECT_TRUE(fs::exists(first.lock_path()));
    // flock locks belong to open file descriptions, so a second lock in this process
    // conflicts just as another process's would.
    try {
      OutputLock second(out);
      FAIL() << "two locks on one output";
    } catch (const InputError& error) {
      EXPECT_TRUE(contains(error.what(), "another clustersim process is writing"));
    }
  }
  EXPECT_FALSE(fs::exists(path(".locked.h5.lock")));
  OutputLock again(out);  // released, so it can be taken again
}

TEST_F(ResultsRobustness, lock_left_by_a_killed_process_is_taken_over) {
  const auto out = path("killed.h5");
  testing::write_file(path(".killed.h5.lock"), "12345\n");  // no process holds it
  OutputLock lock(out);
  SUCCEED();
}

TEST_F(ResultsRobustness, stale_temporaries_of_dead_processes_are_removed) {
  const pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  ::waitpid(child, nullptr, 0);  // `child` is now a PID no process has
  const auto out = path("r.h5");
  const auto dead = path(".r.h5.tmp-" + std::to_string(child));
  const auto alive = path(".r.h5.tmp-" + std::to_string(::getppid()));
  const auto other = path(".other.h5.tmp-" + std::to_string(child));
  for (const auto& f : {dead, alive, other}) testing::write_file(f, "partial");
  EXPECT_EQ(remove_stale_temporaries(out), 1);
  EXPECT_FALSE(fs::exists(dead));
  EXPECT_TRUE(fs::exists(alive));
  EXPECT_TRUE(fs::exists(other));
}

TEST_F(ResultsRobustness, commit_without_replace_keeps_a_file_that_appeared_meanwhile) {
  const auto out = path("raced.h5");
  ResultsWriter writer(out, /*replace=*/false);
  testing::write_file(out, "someone else's");
  EXPECT_THROW(writer.commit(), OutputError);
  std::ifstream in(out);
  std::string text;
  std::getline(in, text);
  EXPECT_EQ(text, "someone else's");
}

}  // namespace
}  // namespace clustersim
