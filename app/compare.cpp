// `clustersim compare A.h5 B.h5`: differences of metrics between two results files,
// paired by replication when both ran with the same seed (common random numbers).
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <sstream>
#include <utility>

#include "analysis/comparison.hpp"
#include "app/commands.hpp"
#include "app/experiment_file.hpp"
#include "app/metric_lookup.hpp"
#include "app/options.hpp"
#include "sim/diagnostics.hpp"
#include "sim/results_file.hpp"

namespace clustersim::app {
namespace {

int column_of(const ResultsData& data, const std::string& path, const std::string& month) {
  if (month.empty()) return data.metrics.columns() - 1;
  const auto it = std::find(data.labels.begin(), data.labels.end(), month);
  if (it == data.labels.end())
    throw InputError(path + ": no column labelled \"" + month + "\" (expected " +
                     data.labels.front() + " to " + data.labels.back() + ")");
  return int(it - data.labels.begin());
}

std::vector<std::string> split_names(const std::string& list) {
  std::vector<std::string> names;
  std::stringstream in(list);
  for (std::string name; std::getline(in, name, ',');)
    if (!name.empty()) names.push_back(name);
  return names;
}

// Both files have metrics, and the same calendar unless --month or --force says which
// columns to compare.
void check_comparable(const ResultsData& a, const std::string& path_a, const ResultsData& b,
                      const std::string& path_b, const po::variables_map& vm) {
  for (const auto& [data, path] : {std::pair{&a, &path_a}, std::pair{&b, &path_b}}) {
    if (data->metrics.metrics().empty() || data->metrics.replications() == 0)
      throw InputError(
          *path +
          ": no metrics to compare (a `stress`, `sweep` or `calibrate` file?); compare takes "
          "two files written by `clustersim run`");
    // An experiment's rows are design points x replications, not replications of one
    // scenario: pooling them would compare a mixture.
    if (const auto design = read_design(*path))
      throw InputError(*path + ": an experiment file (`grid` or `sensitivity`: its " +
                       std::to_string(data->metrics.replications()) + " rows are " +
                       std::to_string(design->settings.size()) + " design points x " +
                       std::to_string(design->replications_per_point) +
                       " replications); compare takes two files written by `clustersim "
                       "run` (`clustersim export FILE --tidy-csv` lists the points)");
  }
  if (a.labels != b.labels && !vm.count("month") && !vm.count("force"))
    throw InputError("compare: the calendars differ (A: " + a.labels.front() + " to " +
                     a.labels.back() + ", B: " + b.labels.front() + " to " + b.labels.back() +
                     "), so the last columns are different months; give --month YYYY-MM to "
                     "compare one month present in both, or --force to compare the last columns");
}

// The metrics named by --metrics, or else every metric of A that B has too.
std::vector<std::string> metrics_to_compare(const ResultsData& a, const std::string& path_a,
                                            const ResultsData& b, const std::string& path_b,
                                            const po::variables_map& vm) {
  std::vector<MetricInfo> in_both;
  for (const auto& info : a.metrics.metrics())
    if (b.metrics.index_of(info.name) >= 0) in_both.push_back(info);
  if (in_both.empty())
    throw InputError("compare: " + path_a + " and " + path_b +
                     " have no metric in common (expected two files written by `clustersim run`)");
  std::vector<std::string> names;
  if (vm.count("metrics")) {
    names = split_names(vm["metrics"].as<std::string>());
    for (const auto& name : names) metric_index(in_both, name, "--metrics");
  } else {
    for (const auto& info : in_both) names.push_back(info.name);
  }
  return names;
}

std::string attribute(const ResultsData& d, const std::string& key) {
  const auto it = d.attributes.find(key);
  return it == d.attributes.end() ? std::string() : it->second;
}

// One line per metric: means, B - A and its 95% interval, '*' when it excludes 0.
void print_differences(const MetricTable& a, int column_a, const MetricTable& b, int column_b,
                       const std::vector<std::string>& names, bool paired) {
  char line[256];
  std::snprintf(line, sizeof line, "%-30s %12s %12s %12s  %-27s %s\n", "metric", "mean A", "mean B",
                "B - A", "95% interval", "units");
  std::cout << line;
  for (const auto& name : names) {
    const auto d = compare_metric(a, column_a, b, column_b, name, paired);
    if (d.estimable)
      std::snprintf(line, sizeof line, "%-30s %12.4g %12.4g %12.4g  [%11.4g, %11.4g]%s %s\n",
                    name.c_str(), d.mean_a, d.mean_b, d.difference.mean, d.difference.low,
                    d.difference.high, d.clear ? "*" : " ", d.units.c_str());
    else
      std::snprintf(line, sizeof line, "%-30s %12.4g %12.4g %12.4g  %-27s %s\n", name.c_str(),
                    d.mean_a, d.mean_b, d.difference.mean, "n/a (1 replication)", d.units.c_str());
    std::cout << line;
  }
}

}  // namespace

int compare_command(const std::vector<std::string>& args) {
  po::options_description options("clustersim compare A.h5 B.h5 [options]");
  options.add_options()("help,h", "show this help")("a", po::value<std::string>()->required(),
                                                    "baseline results file")(
      "b", po::value<std::string>()->required(), "alternative results file")(
      "metrics", po::value<std::string>(), "comma-separated metrics (default: all in both)")(
      "month", po::value<std::string>(), "column to compare, YYYY-MM (default: the last)")(
      "force", "compare the last columns even when the two calendars differ");
  po::positional_options_description positional;
  positional.add("a", 1).add("b", 1);
  const auto parsed = parse_options(
      args, options, positional,
      "Compares two results files metric by metric: B - A with a 95% interval, paired by "
      "replication when both ran with the same seed and replications (common random "
      "numbers), else Welch's unpaired interval. '*' marks intervals that exclude 0.");
  if (!parsed) return 0;
  const auto& vm = *parsed;
  const auto path_a = vm["a"].as<std::string>(), path_b = vm["b"].as<std::string>();
  const auto a = read_results(path_a), b = read_results(path_b);
  check_comparable(a, path_a, b, path_b, vm);
  const std::string month = vm.count("month") ? vm["month"].as<std::string>() : "";
  const int column_a = column_of(a, path_a, month), column_b = column_of(b, path_b, month);
  const auto names = metrics_to_compare(a, path_a, b, path_b, vm);
  const bool paired = can_pair(attribute(a, "seed"), attribute(b, "seed"), a.metrics.replications(),
                               b.metrics.replications());
  std::cout << "A: " << path_a << " (" << attribute(a, "scenario_name") << ", "
            << a.labels[std::size_t(column_a)] << ")\nB: " << path_b << " ("
            << attribute(b, "scenario_name") << ", " << b.labels[std::size_t(column_b)] << ")\n"
            << (paired ? "paired by replication (same seed: common random numbers)"
                       : "unpaired (different seeds or replications): Welch interval")
            << "\n\n";
  print_differences(a.metrics, column_a, b.metrics, column_b, names, paired);
  return 0;
}

}  // namespace clustersim::app
