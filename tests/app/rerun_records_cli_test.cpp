// `clustersim rerun` of stress and sweep files (issue 23): the search or the sweep is asked
// again of the stored scenario and record, and the remade /stress or /sweep group must match
// the stored one bit for bit; one value changed in the file is reported (exit 1).
#include <gtest/gtest.h>

#include <H5Cpp.h>

#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "support/test_support.hpp"

namespace clustersim {
namespace {

namespace fs = std::filesystem;
using testing::contains;

// The smallest possible change to the last value of the float64 dataset `name`.
void nudge_last_value(const std::string& path, const std::string& name) {
  H5::H5File file(path, H5F_ACC_RDWR);
  auto dataset = file.openDataSet(name);
  std::vector<double> values(std::size_t(dataset.getSpace().getSimpleExtentNpoints()));
  dataset.read(values.data(), H5::PredType::NATIVE_DOUBLE);
  values.back() = std::nextafter(values.back(), 1e300);
  dataset.write(values.data(), H5::PredType::NATIVE_DOUBLE);
}

class RerunRecords : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = testing::temporary_folder(
        std::string("rerun-") + ::testing::UnitTest::GetInstance()->current_test_info()->name());
  }
  void TearDown() override { fs::remove_all(folder_); }
  std::string path(const std::string& name) const { return folder_ + "/" + name; }
  std::string tutorial() const { return testing::source_path("scenarios/tutorial.toml"); }

  // Runs `command` on the tutorial scenario to `name`; the file's path.
  std::string make(const std::string& command, const std::string& name) const {
    const auto out = path(name);
    const auto made =
        testing::run_clustersim(command + " " + tutorial() + " -q --threads 2 -o " + out);
    EXPECT_EQ(made.exit_code, 0) << made.output;
    return out;
  }

  static testing::CommandResult rerun(const std::string& file) {
    return testing::run_clustersim("rerun -q --threads 2 " + file);
  }

  std::string folder_;
};

const std::string kWageShock =
    "stress --shock parameters.production.wage=0.05:0.5 --metric firms_alive -r 3 --points 4 "
    "--refine 2";

TEST_F(RerunRecords, stress_files_are_remade_bit_for_bit) {
  for (const std::string& question :
       {kWageShock + " --threshold 40", kWageShock + " --threshold 0.8 --relative",
        // The window starts at the event (2023-01); 12 months of it give other breaking
        // points than the 24 to the end, so a rerun must keep the stored window.
        std::string("stress --shock events.1.funder_budget=0:200 --metric grants_cumulative"
                    " --threshold 28 --within 12 -r 3 --points 4 --refine 3")}) {
    const auto file = make(question, "stress.h5");
    const auto again = rerun(file);
    EXPECT_EQ(again.exit_code, 0) << question << "\n" << again.output;
    EXPECT_TRUE(contains(again.output, "identical: all ")) << again.output;
    EXPECT_TRUE(contains(again.output, " datasets and attributes of /stress match bit for bit"))
        << again.output;
    fs::remove(file);
  }
}

TEST_F(RerunRecords, sweep_files_are_remade_bit_for_bit) {
  const auto file = make(
      "sweep --vary parameters.transfer.rate=0:0.2 --vary parameters.production.wage=0.05:0.2"
      " --metric knowledge_mean --month 2022-06 -r 3",
      "sweep.h5");
  const auto again = rerun(file);
  EXPECT_EQ(again.exit_code, 0) << again.output;
  EXPECT_TRUE(contains(again.output, "identical: all ")) << again.output;
  EXPECT_TRUE(contains(again.output, " datasets and attributes of /sweep match bit for bit"))
      << again.output;
}

TEST_F(RerunRecords, a_changed_stress_value_is_reported) {
  const auto file = make(kWageShock + " --threshold 40", "stress.h5");
  nudge_last_value(file, "stress/breaking_point");
  const auto again = rerun(file);
  EXPECT_EQ(again.exit_code, 1) << again.output;
  EXPECT_TRUE(contains(again.output, "differs: /stress/breaking_point\n")) << again.output;
  EXPECT_TRUE(contains(again.output, "1 of ")) << again.output;
}

TEST_F(RerunRecords, a_changed_stress_attribute_is_reported) {
  const auto file = make(kWageShock + " --threshold 40", "stress.h5");
  {
    H5::H5File stored(file, H5F_ACC_RDWR);
    auto estimate = stored.openGroup("stress").openAttribute("estimate");
    double value = 0;
    estimate.read(H5::PredType::NATIVE_DOUBLE, &value);
    value = std::nextafter(value, 1e300);
    estimate.write(H5::PredType::NATIVE_DOUBLE, &value);
  }
  const auto again = rerun(file);
  EXPECT_EQ(again.exit_code, 1) << again.output;
  EXPECT_TRUE(contains(again.output, "differs: /stress/estimate (attribute)\n")) << again.output;
}

TEST_F(RerunRecords, a_changed_sweep_value_is_reported) {
  const auto file =
      make("sweep --vary parameters.transfer.rate=0:0.2 --metric knowledge_mean -r 3", "sweep.h5");
  nudge_last_value(file, "sweep/at_high");
  const auto again = rerun(file);
  EXPECT_EQ(again.exit_code, 1) << again.output;
  EXPECT_TRUE(contains(again.output, "differs: /sweep/at_high\n")) << again.output;
  EXPECT_TRUE(contains(again.output, "1 of ")) << again.output;
}

}  // namespace
}  // namespace clustersim
