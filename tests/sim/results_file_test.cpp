// HDF5 results files: what the writer stores, read_results gives back unchanged.
#include <gtest/gtest.h>

#include <H5Cpp.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>

#include "sim/calendar.hpp"
#include "sim/diagnostics.hpp"
#include "sim/results_file.hpp"
#include "support/files.hpp"

namespace clustersim {
namespace {

namespace fs = std::filesystem;

class ResultsFile : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = testing::temporary_folder(
        std::string("results-") + ::testing::UnitTest::GetInstance()->current_test_info()->name());
  }
  void TearDown() override { fs::remove_all(folder_); }

  // A hand-made table with values that are easy to get wrong: NaN, infinities, -0.
  MetricTable table() const {
    MetricTable t({{"alpha", "firms", "First metric.", MetricKind::stock, MetricRange::share()},
                   {"beta_gamma", "mln RUB", "Second."}},
                  kReplications, calendar_.months() + 1);
    for (int m = 0; m < 2; ++m)
      for (int r = 0; r < t.replications(); ++r)
        for (int c = 0; c < t.columns(); ++c) t.at(m, r, c) = (m + 1) * 0.1 * c + r / 3.0;
    t.at(0, 0, 1) = std::numeric_limits<double>::quiet_NaN();
    t.at(0, 1, 2) = -std::numeric_limits<double>::infinity();
    t.at(1, 0, 3) = -0.0;
    return t;
  }

  Provenance provenance() const {
    return {"minimal", "clustersim run minimal.toml", "2024-01-02T03:04:05Z", 123456789012345ull, 2,
            3};
  }

  static constexpr int kReplications = 2;
  // The model's resolved input, stored and read back verbatim (any text will do).
  const std::string toml_ = "name = \"minimal\"\nseed = 7\n# a \"quoted\" comment\n";
  const Calendar calendar_{{2021, 1}, {2021, 12}};
  std::string folder_;
};

TEST_F(ResultsFile, round_trip_keeps_metrics_labels_scenario_and_attributes) {
  const std::string path = folder_ + "/out.h5";
  const MetricTable written = table();
  const std::string toml = toml_;
  {
    ResultsWriter writer(path);
    writer.write_header(provenance(), toml, column_labels(calendar_));
    writer.write_metrics(written, 4);
    EXPECT_FALSE(fs::exists(path)) << "final name must not exist before commit";
    EXPECT_TRUE(fs::exists(writer.temporary_path()));
    writer.commit();
    EXPECT_FALSE(fs::exists(writer.temporary_path()));
  }
  ASSERT_TRUE(fs::exists(path));
  const ResultsData data = read_results(path);
  EXPECT_EQ(data.scenario_toml, toml);
  EXPECT_EQ(data.labels, column_labels(calendar_));
  ASSERT_EQ(data.labels.size(), 13u);
  EXPECT_EQ(data.labels.front(), "2020-12");
  EXPECT_EQ(data.labels.back(), "2021-12");

  EXPECT_EQ(data.attributes.at("schema"), "clustersim");
  EXPECT_EQ(data.attributes.at("schema_version"), std::to_string(kSchemaVersion));
  EXPECT_EQ(data.attributes.at("seed"), "123456789012345");
  EXPECT_EQ(data.attributes.at("replications"), "2");
  EXPECT_EQ(data.attributes.at("threads"), "3");
  EXPECT_EQ(data.attributes.at("command_line"), "clustersim run minimal.toml");
  EXPECT_EQ(data.attributes.at("created_utc"), "2024-01-02T03:04:05Z");
  EXPECT_EQ(data.attributes.at("scenario_name"), "minimal");
  EXPECT_TRUE(data.attributes.count("git_commit"));
  EXPECT_TRUE(data.attributes.count("program_version"));

  const MetricTable& read = data.metrics;
  ASSERT_EQ(read.metrics().size(), 2u);
  ASSERT_EQ(read.replications(), written.replications());
  ASSERT_EQ(read.columns(), written.columns());
  for (const auto& info : written.metrics()) {
    const int a = written.index_of(info.name);
    const int b = read.index_of(info.name);
    ASSERT_GE(b, 0) << info.name;
    EXPECT_EQ(read.metrics()[std::size_t(b)].units, info.units);
    EXPECT_EQ(read.metrics()[std::size_t(b)].range, info.range) << info.name;
    EXPECT_EQ(read.metrics()[std::size_t(b)].description, info.description);
    const std::size_t bytes = sizeof(double) * std::size_t(read.replications() * read.columns());
    EXPECT_EQ(std::memcmp(written.series(a), read.series(b), bytes), 0) << info.name;
  }
}

TEST_F(ResultsFile, metrics_survive_without_compression) {
  const std::string path = folder_ + "/plain.h5";
  const MetricTable written = table();
  ResultsWriter writer(path);
  writer.write_header(provenance(), "x = 1\n", column_labels(calendar_));
  writer.write_metrics(written, 0);
  writer.commit();
  const auto data = read_results(path);
  const std::size_t bytes =
      sizeof(double) * std::size_t(written.replications() * written.columns());
  EXPECT_EQ(std::memcmp(written.series(1), data.metrics.series(data.metrics.index_of("beta_gamma")),
                        bytes),
            0);
}

TEST_F(ResultsFile, uncommitted_writer_leaves_no_file) {
  const std::string path = folder_ + "/never.h5";
  std::string temporary;
  {
    ResultsWriter writer(path);
    temporary = writer.temporary_path();
    writer.write_header(provenance(), "x = 1\n", column_labels(calendar_));
    writer.write_metrics(table(), 4);
    EXPECT_TRUE(fs::exists(temporary));
    EXPECT_EQ(fs::path(temporary).parent_path(), fs::path(path).parent_path());
    EXPECT_EQ(fs::path(temporary).filename().string().rfind(".never.h5.tmp-", 0), 0u) << temporary;
  }
  EXPECT_FALSE(fs::exists(temporary));
  EXPECT_FALSE(fs::exists(path));
  EXPECT_TRUE(fs::is_empty(folder_));
}

TEST_F(ResultsFile, uncommitted_writer_keeps_an_existing_file) {
  const std::string path = folder_ + "/keep.h5";
  testing::write_file(path, "precious");
  {
    ResultsWriter writer(path);
    writer.write_header(provenance(), "x = 1\n", column_labels(calendar_));
  }
  std::ifstream in(path);
  std::string text;
  std::getline(in, text);
  EXPECT_EQ(text, "precious");
}

TEST_F(ResultsFile, missing_file_is_input_error) {
  EXPECT_THROW(read_results(folder_ + "/absent.h5"), InputError);
}

TEST_F(ResultsFile, non_hdf5_file_is_input_error) {
  testing::write_file(folder_ + "/text.h5", "not hdf5");
  EXPECT_THROW(read_results(folder_ + "/text.h5"), InputError);
}

TEST_F(ResultsFile, hdf5_without_schema_is_input_error) {
  const std::string path = folder_ + "/other.h5";
  { H5::H5File file(path, H5F_ACC_TRUNC); }
  try {
    read_results(path);
    FAIL() << "expected an InputError";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("not a clustersim results file"), std::string::npos)
        << error.what();
  }
}

}  // namespace
}  // namespace clustersim
