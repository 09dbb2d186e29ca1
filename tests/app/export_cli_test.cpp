// `clustersim export FILE --tidy-csv`: every kind of results file as one tidy table.
#include <gtest/gtest.h>

#include <H5Cpp.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>

#include "analysis/calibration.hpp"
#include "sim/results_file.hpp"
#include "support/test_support.hpp"

namespace clustersim {
namespace {

namespace fs = std::filesystem;
using testing::contains;
using Row = std::vector<std::string>;

// RFC 4180 rows: quoted fields may hold commas, doubled quotes and line breaks.
std::vector<Row> parse_csv(const std::string& text) {
  std::vector<Row> rows;
  Row row;
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      row.push_back(field);
      field.clear();
    } else if (c == '\n') {
      row.push_back(field);
      field.clear();
      rows.push_back(row);
      row.clear();
    } else {
      field += c;
    }
  }
  return rows;
}

double number(const std::string& text) {
  if (text == "NaN") return std::nan("");
  if (text == "Inf") return INFINITY;
  if (text == "-Inf") return -INFINITY;
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  EXPECT_TRUE(end && *end == '\0' && !text.empty()) << "not a number: \"" << text << '"';
  return value;
}

class ExportCli : public ::testing::Test {
 protected:
  void SetUp() override { folder_ = testing::temporary_folder("export"); }
  void TearDown() override { fs::remove_all(folder_); }
  std::string tutorial() const { return testing::source_path("scenarios/tutorial.toml"); }
  // The tutorial runs in well under a second: its whole calendar, events and snapshots.
  std::string run_options() const { return " --threads 1 --quiet"; }

  std::string make(const std::string& command, const std::string& name,
                   const std::string& arguments) {
    const std::string out = folder_ + "/" + name;
    const auto result =
        testing::run_clustersim(command + " " + tutorial() + arguments + " -o " + out);
    EXPECT_EQ(result.exit_code, 0) << command << arguments << "\n" << result.output;
    return out;
  }

  std::vector<Row> exported(const std::string& file) {
    const std::string csv = file + ".csv";
    const auto result = testing::run_clustersim("export " + file + " --tidy-csv -o " + csv);
    EXPECT_EQ(result.exit_code, 0) << result.output;
    EXPECT_TRUE(contains(result.output, " rows")) << result.output;
    return parse_csv(testing::read_text(csv));
  }

  std::string folder_;
};

TEST_F(ExportCli, grid_rows_are_points_x_replications_x_columns_x_metrics_and_match_the_file) {
  const auto file = make("grid", "grid.h5",
                         " --vary parameters.transfer.rate=0.05,0.1"
                         " --vary parameters.partnering.trust_gain=0.1,0.2,0.3 -r 2" +
                             run_options());
  const auto data = read_results(file);
  const auto rows = exported(file);
  ASSERT_FALSE(rows.empty());
  EXPECT_EQ(rows[0], (Row{"point", "parameters.transfer.rate", "parameters.partnering.trust_gain",
                          "replication", "date", "metric", "value", "units"}));
  const long metrics = long(data.metrics.metrics().size()), columns = data.metrics.columns();
  ASSERT_EQ(data.metrics.replications(), 6 * 2);  // 2 x 3 points, 2 replications each
  EXPECT_EQ(long(rows.size()) - 1, 6L * 2 * columns * metrics);
  std::set<std::string> points, names;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    const auto& row = rows[i];
    ASSERT_EQ(row.size(), 8u) << i;
    const int point = std::stoi(row[0]), replication = std::stoi(row[3]);
    const int m = data.metrics.index_of(row[5]);
    ASSERT_GE(m, 0) << row[5];
    const auto t = std::find(data.labels.begin(), data.labels.end(), row[4]) - data.labels.begin();
    ASSERT_LT(std::size_t(t), data.labels.size()) << row[4];
    // Every point runs the same replications: row point * 2 + replication of the metrics.
    const double stored = data.metrics.at(m, point * 2 + replication, int(t));
    if (std::isnan(stored))
      EXPECT_TRUE(std::isnan(number(row[6])));
    else
      EXPECT_EQ(number(row[6]), stored) << row[5] << " " << row[4];  // exact: round-trip text
    EXPECT_EQ(row[7], data.metrics.metrics()[std::size_t(m)].units);
    // The full factorial in order: the first key slowest.
    EXPECT_EQ(number(row[1]), point / 3 == 0 ? 0.05 : 0.1) << i;
    EXPECT_EQ(number(row[2]), (std::array{0.1, 0.2, 0.3}[std::size_t(point % 3)])) << i;
    points.insert(row[0]);
    names.insert(row[5]);
  }
  EXPECT_EQ(points.size(), 6u);
  EXPECT_EQ(long(names.size()), metrics);
}

TEST_F(ExportCli, a_key_that_takes_names_exports_the_names_as_typed) {
  // As numbers these are NaN: only /design/text keeps what each point ran with.
  const auto file =
      make("grid", "names.h5", " --vary 'description=plain,say\"hi\"' -r 2" + run_options());
  const auto rows = exported(file);
  ASSERT_GT(rows.size(), 1u);
  std::set<std::string> values;
  for (std::size_t i = 1; i < rows.size(); ++i) values.insert(rows[i][1]);
  EXPECT_EQ(values, (std::set<std::string>{"plain", "say\"hi\""}));
  EXPECT_TRUE(contains(testing::read_text(file + ".csv"), "\n0,plain,0,"));
  EXPECT_TRUE(contains(testing::read_text(file + ".csv"), "\n1,\"say\"\"hi\"\"\",0,"));
}

TEST_F(ExportCli, a_run_file_has_no_point_and_goes_to_standard_output_with_dash) {
  const auto file = make("run", "run.h5", " -r 2" + run_options());
  const auto data = read_results(file);
  const auto result = testing::run_clustersim("export " + file + " --tidy-csv -o -");
  ASSERT_EQ(result.exit_code, 0) << result.output;
  const auto rows = parse_csv(result.output);
  ASSERT_FALSE(rows.empty());
  EXPECT_EQ(rows[0], (Row{"point", "replication", "date", "metric", "value", "units"}));
  EXPECT_EQ(long(rows.size()) - 1,
            2L * data.metrics.columns() * long(data.metrics.metrics().size()));
  for (std::size_t i = 1; i < rows.size(); i += 97) EXPECT_EQ(rows[i][0], "") << i;
  EXPECT_EQ(rows[1][2], data.labels.front());      // the initial column is a row too
  EXPECT_FALSE(fs::exists(folder_ + "/run.csv"));  // `-o -` writes no file
}

TEST_F(ExportCli, refuses_to_replace_a_csv_without_force_and_leaves_no_temporary) {
  const auto file = make("run", "run.h5", " -r 2" + run_options());
  const std::string csv = folder_ + "/out.csv";
  testing::write_file(csv, "keep me\n");
  auto result = testing::run_clustersim("export " + file + " --tidy-csv -o " + csv);
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_TRUE(contains(result.output, "already exists")) << result.output;
  EXPECT_EQ(testing::read_text(csv), "keep me\n");
  result = testing::run_clustersim("export " + file + " --tidy-csv --force -o " + csv);
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_EQ(testing::read_text(csv).rfind("point,replication,date,metric,value,units\n", 0), 0u);
  for (const auto& entry : fs::directory_iterator(folder_))
    EXPECT_NE(entry.path().filename().string().front(), '.') << entry.path();  // no .tmp-PID
}

TEST_F(ExportCli, bad_input_exits_two_and_writes_nothing) {
  const std::string csv = folder_ + "/out.csv";
  const std::string not_hdf5 = folder_ + "/scenario.toml";
  testing::write_file(not_hdf5, testing::minimal_scenario_toml());
  const std::string foreign = folder_ + "/foreign.h5";
  H5::H5File(foreign, H5F_ACC_TRUNC).createGroup("metrics");  // HDF5, but not clustersim's
  for (const auto& [arguments, message] : std::vector<std::pair<std::string, std::string>>{
           {folder_ + "/missing.h5 --tidy-csv", "cannot read the results file"},
           {not_hdf5 + " --tidy-csv", "not an HDF5 file"},
           {foreign + " --tidy-csv", "not a clustersim results file"},
           {foreign, "--tidy-csv"}}) {
    const auto result = testing::run_clustersim("export " + arguments + " -o " + csv);
    EXPECT_EQ(result.exit_code, 2) << arguments << "\n" << result.output;
    EXPECT_TRUE(contains(result.output, message)) << arguments << "\n" << result.output;
    EXPECT_FALSE(fs::exists(csv)) << arguments;
  }
  for (const auto& entry : fs::directory_iterator(folder_))
    EXPECT_NE(entry.path().filename().string().front(), '.') << entry.path();
}

TEST_F(ExportCli, stress_exports_what_each_replication_did_at_each_shock) {
  const auto file = make("stress", "stress.h5",
                         " --shock parameters.production.wage=0.05:0.5 --metric firms_alive"
                         " --threshold 40 -r 2 --points 3 --refine 1" +
                             run_options());
  const auto rows = exported(file);
  ASSERT_FALSE(rows.empty());
  EXPECT_EQ(rows[0], (Row{"point", "parameters.production.wage", "replication", "date", "metric",
                          "value", "units"}));
  const auto group = read_group(file, "/stress");
  ASSERT_TRUE(group.has_value());
  std::size_t shocks = 0;
  for (const auto& d : group->datasets)
    if (d.name == "shock") shocks = std::get<std::vector<double>>(d.values).size();
  ASSERT_GT(shocks, 0u);
  // crossed and observed per (shock, replication), the share per shock, a breaking point
  // per replication.
  EXPECT_EQ(rows.size() - 1, shocks * 2 * 2 + shocks + 2);
  std::map<std::string, int> per_metric;
  for (std::size_t i = 1; i < rows.size(); ++i) ++per_metric[rows[i][4]];
  EXPECT_EQ(per_metric["crossed"], int(shocks) * 2);
  EXPECT_EQ(per_metric["crossing_share"], int(shocks));
  EXPECT_EQ(per_metric["breaking_point"], 2);
}

TEST_F(ExportCli, sweep_exports_the_metric_per_replication_at_baseline_low_and_high) {
  const auto file =
      make("sweep", "sweep.h5",
           " --vary parameters.transfer.rate=0:0.2 --metric knowledge_mean -r 3" + run_options());
  const auto rows = exported(file);
  ASSERT_EQ(rows.size(), 1u + 3 * (1 + 2));  // baseline, then the key at low and at high
  EXPECT_EQ(rows[0], (Row{"point", "parameters.transfer.rate", "replication", "date", "metric",
                          "value", "units"}));
  EXPECT_EQ(rows[1][1], "");  // the baseline keeps the scenario's own value
  EXPECT_EQ(rows[4][1], "0");
  EXPECT_EQ(rows[7][1], "0.2");
  EXPECT_EQ(rows[7][3], "2024-12");
  EXPECT_EQ(rows[7][4], "knowledge_mean");
  EXPECT_EQ(rows[7][6], "knowledge units");  // from the model, for the file's scenario
}

TEST_F(ExportCli, sensitivity_exports_its_runs_with_the_design_keys) {
  const auto file = make("sensitivity", "morris.h5",
                         " --param parameters.transfer.rate=0:0.2 --method morris -n 2"
                         " --metric knowledge_mean -r 2" +
                             run_options());
  const auto data = read_results(file);
  const auto rows = exported(file);
  ASSERT_FALSE(rows.empty());
  EXPECT_EQ(rows[0], (Row{"point", "parameters.transfer.rate", "replication", "date", "metric",
                          "value", "units"}));
  EXPECT_EQ(long(rows.size()) - 1, long(data.metrics.replications()) * data.metrics.columns() *
                                       long(data.metrics.metrics().size()));
}

TEST_F(ExportCli, calibration_exports_parameters_moments_and_the_fit_with_quoted_names) {
  CalibrationResult result;
  result.parameters.push_back({"parameters.transfer.rate", 0.07, 0, 0.2, 0.01, 0.05, 0.09});
  MomentFit moment;
  moment.target.name = "links, \"final\"";  // a comma and quotes survive the round trip
  moment.target.metric = "links";
  moment.target.value = 120;
  moment.target.standard_error = 5;
  moment.simulated = 118.5;
  result.moments.push_back(moment);
  result.distance = 0.25;
  result.degrees_of_freedom = 0;
  result.replications = 4;
  const std::string file = folder_ + "/calibration.h5";
  {
    ResultsWriter writer(file);
    writer.write_header({"tutorial", "test", utc_now_iso8601(), 1, 4, 1}, "name = \"t\"\n",
                        {"2019-12", "2020-01"});
    writer.write_group("/calibration", to_datasets(result));
    writer.commit();
  }
  const auto rows = exported(file);
  ASSERT_FALSE(rows.empty());
  EXPECT_EQ(rows[0],
            (Row{"table", "name", "metric", "reduction", "from", "to", "quantity", "value"}));
  std::map<std::string, std::string> value;
  for (std::size_t i = 1; i < rows.size(); ++i)
    value[rows[i][0] + "|" + rows[i][1] + "|" + rows[i][6]] = rows[i][7];
  EXPECT_EQ(value["parameter|parameters.transfer.rate|value"], "0.07");
  EXPECT_EQ(value["parameter|parameters.transfer.rate|ci_high"], "0.09");
  EXPECT_EQ(value["moment|links, \"final\"|target"], "120");
  EXPECT_EQ(value["moment|links, \"final\"|target_standard_error"], "5");
  EXPECT_EQ(value["moment|links, \"final\"|simulated"], "118.5");
  EXPECT_EQ(value["fit||distance"], "0.25");
  EXPECT_EQ(value["fit||replications"], "4");
  // and the raw text quotes the name as RFC 4180 asks
  EXPECT_TRUE(
      contains(testing::read_text(file + ".csv"), "moment,\"links, \"\"final\"\"\",links,"));
}

}  // namespace
}  // namespace clustersim
