// `clustersim export FILE --tidy-csv`: any results file as one tidy table (one value per
// row) for R, pandas or a spreadsheet. What each kind of file gives is in
// docs/output-format.md, section "Export".
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>
#include <optional>

#include "app/commands.hpp"
#include "app/export.hpp"
#include "app/options.hpp"
#include "app/stored_group.hpp"
#include "models/metrics.hpp"
#include "models/scenario/scenario_loader.hpp"
#include "sim/csv_writer.hpp"
#include "sim/diagnostics.hpp"
#include "sim/output_path.hpp"
#include "sim/results_file.hpp"

namespace clustersim::app {
namespace {

const DatasetGroup* find_child(const DatasetGroup& group, const std::string& name) {
  for (const auto& child : group.children)
    if (child.name == name) return &child.group;
  return nullptr;
}

// Any numeric dataset as doubles (flags are uint8, observations int8).
std::vector<double> numbers_of(const Dataset& dataset) {
  return std::visit(
      [](const auto& values) {
        std::vector<double> out;
        if constexpr (!std::is_same_v<std::decay_t<decltype(values)>, std::vector<std::string>>)
          for (auto v : values) out.push_back(double(v));
        return out;
      },
      dataset.values);
}

void check_size(std::size_t size, std::size_t expected, const std::string& what,
                const std::string& path) {
  if (size != expected)
    throw InputError(path + ": malformed results file: " + what + " has " + std::to_string(size) +
                     " values, expected " + std::to_string(expected) +
                     " (see docs/output-format.md)");
}

// The columns every table of runs shares, after the point and its keys.
const std::vector<std::string> kValueColumns = {"replication", "date", "metric", "value", "units"};

std::vector<std::string> header_with_keys(const std::vector<std::string>& keys) {
  std::vector<std::string> header = {"point"};
  header.insert(header.end(), keys.begin(), keys.end());
  header.insert(header.end(), kValueColumns.begin(), kValueColumns.end());
  return header;
}

// Every metric value of every run: `point_of_row` gives each row of the metrics its
// point and its key values (empty for a run file).
struct RowDesign {
  std::vector<std::string> keys;
  std::vector<std::string> point;                // per metrics row
  std::vector<std::vector<std::string>> values;  // per metrics row, one per key
  std::vector<int> replication;                  // per metrics row
};

long write_metrics(const ResultsData& data, const RowDesign& design, std::ostream& out) {
  CsvWriter csv(out, header_with_keys(design.keys));
  const auto& table = data.metrics;
  std::vector<std::string> fields(csv.columns());
  const std::size_t k = design.keys.size();
  for (int m = 0; m < int(table.metrics().size()); ++m) {
    const auto& info = table.metrics()[std::size_t(m)];
    for (int r = 0; r < table.replications(); ++r) {
      fields[0] = design.point[std::size_t(r)];
      for (std::size_t j = 0; j < k; ++j) fields[1 + j] = design.values[std::size_t(r)][j];
      fields[1 + k] = std::to_string(design.replication[std::size_t(r)]);
      fields[3 + k] = info.name;
      fields[5 + k] = info.units;
      for (int t = 0; t < table.columns(); ++t) {
        fields[2 + k] = data.labels[std::size_t(t)];
        fields[4 + k] = csv_number(table.at(m, r, t));
        csv.row(fields);
      }
    }
  }
  return csv.rows();
}

RowDesign run_design(const ResultsData& data) {
  RowDesign design;
  const auto rows = std::size_t(data.metrics.replications());
  design.point.assign(rows, "");
  design.values.assign(rows, {});
  for (std::size_t r = 0; r < rows; ++r) design.replication.push_back(int(r));
  return design;
}

// /design of grid and sensitivity files: each metrics row's point and replication.
RowDesign grid_design(const ResultsData& data, const DatasetGroup& group, const std::string& path) {
  RowDesign design;
  design.keys = values_of<std::string>(group, "/design", "keys", path);
  const auto& values = values_of<double>(group, "/design", "values", path);
  const auto& point = values_of<std::int32_t>(group, "/design", "point", path);
  const auto& replication = values_of<std::int32_t>(group, "/design", "replication", path);
  // Values as typed (names, integers) when the file keeps them, else the numbers.
  const auto* text_set = find_dataset(group, "text");
  const auto* text = text_set ? std::get_if<std::vector<std::string>>(&text_set->values) : nullptr;
  const std::size_t k = design.keys.size(), rows = std::size_t(data.metrics.replications());
  check_size(point.size(), rows, "/design/point", path);
  check_size(replication.size(), rows, "/design/replication", path);
  if (k == 0 || values.size() % k != 0)
    throw InputError(path + ": malformed results file: /design/values is not points x keys");
  const std::size_t points = values.size() / k;
  if (text) check_size(text->size(), values.size(), "/design/text", path);
  for (std::size_t r = 0; r < rows; ++r) {
    const auto p = std::size_t(point[r]);
    if (point[r] < 0 || p >= points)
      throw InputError(path + ": malformed results file: /design/point names point " +
                       std::to_string(point[r]) + " of " + std::to_string(points));
    design.point.push_back(std::to_string(p));
    std::vector<std::string> row;
    for (std::size_t j = 0; j < k; ++j)
      row.push_back(text ? (*text)[p * k + j] : csv_number(values[p * k + j]));
    design.values.push_back(std::move(row));
    design.replication.push_back(replication[r]);
  }
  return design;
}

// Units of `metric` as the model declares them for the file's own scenario: sweep files
// store no metric datasets. Empty when the stored scenario no longer loads (an older file).
std::string units_of(const ResultsData& data, const std::string& path, const std::string& metric) {
  try {
    const auto scenario = load_scenario_text(data.scenario_toml, path + ":/scenario");
    for (const auto& info : cluster_metrics(scenario).infos)
      if (info.name == metric) return info.units;
  } catch (const std::exception&) {
  }
  return "";
}

// /sweep: baseline, then each key at its low and high value, one row per replication, with
// the key columns empty where the scenario's own value holds.
long write_sweep(const ResultsData& data, const DatasetGroup& group, const std::string& path,
                 std::ostream& out) {
  const auto& keys = values_of<std::string>(group, "/sweep", "key", path);
  const auto& low = values_of<double>(group, "/sweep", "low", path);
  const auto& high = values_of<double>(group, "/sweep", "high", path);
  const auto& baseline = values_of<double>(group, "/sweep", "baseline", path);
  const auto& at_low = values_of<double>(group, "/sweep", "at_low", path);
  const auto& at_high = values_of<double>(group, "/sweep", "at_high", path);
  const std::size_t k = keys.size(), reps = baseline.size();
  check_size(low.size(), k, "/sweep/low", path);
  check_size(high.size(), k, "/sweep/high", path);
  check_size(at_low.size(), k * reps, "/sweep/at_low", path);
  check_size(at_high.size(), k * reps, "/sweep/at_high", path);
  const auto metric = attribute_of<std::string>(group, "metric").value_or("");
  const auto month = attribute_of<std::string>(group, "month").value_or("");
  const auto units = units_of(data, path, metric);
  CsvWriter csv(out, header_with_keys(keys));
  auto emit = [&](std::size_t point, std::size_t key, double key_value,
                  const std::vector<double>& values, std::size_t offset) {
    for (std::size_t r = 0; r < reps; ++r) {
      std::vector<std::string> fields = {std::to_string(point)};
      for (std::size_t j = 0; j < k; ++j) fields.push_back(j == key ? csv_number(key_value) : "");
      for (const auto& f :
           {std::to_string(r), month, metric, csv_number(values[offset + r]), units})
        fields.push_back(f);
      csv.row(fields);
    }
  };
  emit(0, k, 0, baseline, 0);
  for (std::size_t j = 0; j < k; ++j) {
    emit(1 + 2 * j, j, low[j], at_low, j * reps);
    emit(2 + 2 * j, j, high[j], at_high, j * reps);
  }
  return csv.rows();
}

// /stress: what each replication did at each shock value, the share crossing at each
// value and each replication's breaking point (no metric values are stored).
long write_stress(const DatasetGroup& group, const std::string& path, std::ostream& out) {
  const auto& shock = values_of<double>(group, "/stress", "shock", path);
  const auto& share = values_of<double>(group, "/stress", "crossing_share", path);
  const auto& crossed = values_of<std::uint8_t>(group, "/stress", "crossed", path);
  const auto& observed = values_of<std::int8_t>(group, "/stress", "observed", path);
  const auto& breaking = values_of<double>(group, "/stress", "breaking_point", path);
  const std::size_t values = shock.size(), reps = breaking.size();
  check_size(share.size(), values, "/stress/crossing_share", path);
  check_size(crossed.size(), values * reps, "/stress/crossed", path);
  check_size(observed.size(), values * reps, "/stress/observed", path);
  const auto key = attribute_of<std::string>(group, "key").value_or("shock");
  CsvWriter csv(out, header_with_keys({key}));
  auto emit = [&](std::string point, std::string shock_value, std::string replication,
                  const char* metric, double value) {
    csv.row({std::move(point), std::move(shock_value), std::move(replication), "", metric,
             csv_number(value), ""});
  };
  for (std::size_t v = 0; v < values; ++v) {
    for (std::size_t r = 0; r < reps; ++r) {
      emit(std::to_string(v), csv_number(shock[v]), std::to_string(r), "crossed",
           crossed[r * values + v]);
      emit(std::to_string(v), csv_number(shock[v]), std::to_string(r), "observed",
           observed[r * values + v]);
    }
    emit(std::to_string(v), csv_number(shock[v]), "", "crossing_share", share[v]);
  }
  for (std::size_t r = 0; r < reps; ++r)
    emit("", "", std::to_string(r), "breaking_point", breaking[r]);
  return csv.rows();
}

// /calibration: one row per parameter or moment and quantity (estimate, interval, target,
// simulated value, z, ...), then the fit's own numbers (J, p-value, counts).
long write_calibration(const DatasetGroup& group, const std::string& path, std::ostream& out) {
  CsvWriter csv(out, {"table", "name", "metric", "reduction", "from", "to", "quantity", "value"});
  const std::vector<std::string> descriptors = {"metric", "reduction", "from", "to"};
  for (const auto& [table, name_set] : {std::pair{"parameters", "key"}, {"moments", "name"}}) {
    const auto* child = find_child(group, table);
    if (!child) throw InputError(path + ": malformed results file: no /calibration/" + table);
    const auto& names =
        values_of<std::string>(*child, std::string("/calibration/") + table, name_set, path);
    std::map<std::string, const std::vector<std::string>*> text;
    for (const auto& d : descriptors)
      if (const auto* set = find_dataset(*child, d))
        text[d] = std::get_if<std::vector<std::string>>(&set->values);
    for (const auto& dataset : child->datasets) {
      if (std::holds_alternative<std::vector<std::string>>(dataset.values)) continue;
      const auto numbers = numbers_of(dataset);
      check_size(numbers.size(), names.size(),
                 std::string("/calibration/") + table + "/" + dataset.name, path);
      for (std::size_t i = 0; i < names.size(); ++i) {
        std::vector<std::string> fields = {
            table == std::string("parameters") ? "parameter" : "moment", names[i]};
        for (const auto& d : descriptors)
          fields.push_back(text[d] && text[d]->size() == names.size() ? (*text[d])[i] : "");
        fields.push_back(dataset.name);
        fields.push_back(csv_number(numbers[i]));
        csv.row(fields);
      }
    }
  }
  for (const auto& [name, value] : group.attributes) {
    const auto* number = std::get_if<double>(&value);
    const auto* integer = std::get_if<std::int32_t>(&value);
    if (number || integer)
      csv.row({"fit", "", "", "", "", "", name, csv_number(number ? *number : double(*integer))});
  }
  return csv.rows();
}

}  // namespace

long export_tidy(const std::string& path, std::ostream& out) {
  const auto data = read_results(path);
  if (const auto group = read_group(path, "/calibration"))
    return write_calibration(*group, path, out);
  if (const auto group = read_group(path, "/stress")) return write_stress(*group, path, out);
  if (const auto group = read_group(path, "/sweep")) return write_sweep(data, *group, path, out);
  if (const auto group = read_group(path, "/design"))
    return write_metrics(data, grid_design(data, *group, path), out);
  return write_metrics(data, run_design(data), out);
}

int export_command(const std::vector<std::string>& args) {
  po::options_description options("clustersim export FILE --tidy-csv [options]");
  options.add_options()("help,h", "show this help")("file", po::value<std::string>()->required(),
                                                    "results file (HDF5)")(
      "tidy-csv", "one row per point, replication, date, metric and value (the only format)")(
      "output,o", po::value<std::string>(),
      "CSV file, or - for standard output "
      "(default: FILE's name with .csv, here)")("force", "replace an existing CSV file");
  po::positional_options_description positional;
  positional.add("file", 1);
  const auto parsed = parse_options(
      args, options, positional,
      "Writes a results file of any kind (run, grid, sensitivity, stress, sweep, calibration) "
      "as a tidy CSV table; docs/output-format.md says what each kind gives.");
  if (!parsed) return 0;
  const auto& vm = *parsed;
  if (!vm.count("tidy-csv"))
    throw InputError("export: give the format, --tidy-csv (the only one so far)");
  const auto input = vm["file"].as<std::string>();
  const std::string output = vm.count("output")
                                 ? vm["output"].as<std::string>()
                                 : std::filesystem::path(input).stem().string() + ".csv";
  if (output == "-") {
    export_tidy(input, std::cout);
    std::cout.flush();
    return std::cout ? 0 : 1;
  }
  check_output_path(output, {input}, vm.count("force") > 0,
                    vm.count("output") ? "-o/--output" : "default output");
  const OutputLock lock(output);
  remove_stale_temporaries(output);
  AtomicTextFile file(output, vm.count("force") > 0);
  const long rows = export_tidy(input, file.stream());
  file.commit();
  std::cout << output << ": " << rows << " rows\n";
  return 0;
}

}  // namespace clustersim::app
