// `clustersim sweep`: one-at-a-time sensitivity of a metric to scenario keys. Each key is
// set to its low and its high value with everything else at the scenario's; with one
// seed, replication r of every run shares its random numbers, so the effect high - low
// is a paired difference with a narrow interval. Keys are ranked by |effect| (a tornado).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>

#include "analysis/summary.hpp"
#include "analysis/records.hpp"
#include "app/commands.hpp"
#include "app/key_range.hpp"
#include "app/options.hpp"
#include "models/cluster_model.hpp"
#include "sim/diagnostics.hpp"
#include "sim/interrupt.hpp"
#include "sim/results_file.hpp"
#include "models/scenario/scenario_loader.hpp"
#include "models/scenario/scenario_writer.hpp"

namespace clustersim::app {
namespace {

std::vector<double> final_values(const MetricTable& table, int metric, int column) {
  std::vector<double> values;
  for (int r = 0; r < table.replications(); ++r) values.push_back(table.at(metric, r, column));
  return values;
}

}  // namespace

int sweep_command(const std::vector<std::string>& args, const std::string& command_line) {
  po::options_description options("clustersim sweep SCENARIO --vary KEY=LO:HI... --metric NAME");
  options.add_options()("help,h", "show this help")(
      "scenario", po::value<std::string>()->required(), "scenario file (TOML)")(
      "vary", po::value<std::vector<std::string>>()->composing()->required(),
      "a key and its range, KEY=LO:HI (repeatable)")("metric", po::value<std::string>()->required(),
                                                     "metric whose sensitivity is measured")(
      "month", po::value<std::string>(), "column compared, YYYY-MM (default: the last)")(
      "output,o", po::value<std::string>(), "results file (default: SCENARIO name + _sweep.h5)")(
      "quiet,q", "no table");
  add_ensemble_options(options);
  po::positional_options_description positional;
  positional.add("scenario", 1);
  const auto parsed = parse_options(
      args, options, positional,
      "One-at-a-time sensitivity analysis: runs the scenario with each --vary key at its low and "
      "high value (others unchanged) and ranks the keys by the paired effect on the metric.");
  if (!parsed) return 0;
  const auto& vm = *parsed;
  const auto path = vm["scenario"].as<std::string>();
  const auto overrides = scenario_overrides(vm);
  std::vector<KeyRange> ranges;
  for (const auto& text : vm["vary"].as<std::vector<std::string>>())
    ranges.push_back(parse_key_range("--vary", text));
  const auto with = [&](const KeyRange& range, double value) {
    auto changed = overrides;
    changed.push_back(range.key + "=" + number_text(value));
    return load_scenario_file(path, changed);
  };
  // Everything is loaded before anything runs, so bad input writes nothing.
  const Scenario baseline = load_scenario_file(path, overrides);
  std::vector<std::pair<Scenario, Scenario>> variants;
  for (const auto& range : ranges)
    variants.emplace_back(with(range, range.low), with(range, range.high));
  const std::string metric = vm["metric"].as<std::string>();
  const auto model = cluster_model(baseline);
  int metric_index = -1;
  for (std::size_t m = 0; m < model.metrics.size(); ++m)
    if (model.metrics[m].name == metric) metric_index = int(m);
  if (metric_index < 0)
    throw InputError("--metric " + metric + ": unknown metric (see clustersim inspect)");
  const auto labels = column_labels(baseline.calendar);
  int column = int(labels.size()) - 1;
  if (vm.count("month")) {
    const auto month = vm["month"].as<std::string>();
    const auto it = std::find(labels.begin(), labels.end(), month);
    if (it == labels.end())
      throw InputError("--month " + month + ": not a column of the scenario (expected " +
                       labels.front() + " to " + labels.back() + ")");
    column = int(it - labels.begin());
  }
  const std::string output = output_path(vm, path, "_sweep.h5");

  const ThreadLimit limit(vm["threads"].as<int>());
  install_interrupt_handlers();
  RunOptions<World> run;
  run.stop = &interrupt_flag();
  ResultsWriter writer(output);
  writer.write_header({baseline.name, command_line, utc_now_iso8601(), baseline.seed,
                       baseline.replications, limit.threads()},
                      to_toml(baseline), column_labels(baseline.calendar));
  SweepRecord record;
  record.metric = metric;
  record.label = labels[std::size_t(column)];
  record.replications = baseline.replications;
  try {
    const auto values_of = [&](const Scenario& scenario) {
      const auto table = run_ensemble(cluster_model(scenario), ensemble_shape(scenario), run);
      return final_values(table, table.index_of(metric), column);
    };
    record.baseline = values_of(baseline);
    for (std::size_t k = 0; k < ranges.size(); ++k) {
      const auto low = values_of(variants[k].first), high = values_of(variants[k].second);
      const Interval effect = paired_difference(low, high);
      record.keys.push_back(ranges[k].key);
      record.low.push_back(ranges[k].low);
      record.high.push_back(ranges[k].high);
      record.at_low.insert(record.at_low.end(), low.begin(), low.end());
      record.at_high.insert(record.at_high.end(), high.begin(), high.end());
      record.effect.push_back(effect.mean);
      record.effect_low.push_back(effect.low);
      record.effect_high.push_back(effect.high);
    }
  } catch (const Interrupted&) {
    std::cerr << "\nclustersim: interrupted; no results written (" << output
              << " was not created or changed)\n";
    return 1;
  }
  writer.write_group("/sweep", to_datasets(record));
  writer.commit();
  if (vm.count("quiet")) return 0;
  std::cout << "sensitivity of " << metric << " at " << record.label << " (baseline mean "
            << mean_interval(record.baseline).mean << "), " << baseline.replications
            << " paired replications, written to " << output << "\n\n";
  std::vector<std::size_t> order(ranges.size());
  for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return std::abs(record.effect[a]) > std::abs(record.effect[b]);
  });
  char line[256];
  std::snprintf(line, sizeof line, "%-44s %10s %10s %12s  %s\n", "key (largest effect first)",
                "low", "high", "high - low", "95% interval");
  std::cout << line;
  for (const auto k : order) {
    std::snprintf(line, sizeof line, "%-44s %10.4g %10.4g %12.4g  [%.4g, %.4g]%s\n",
                  record.keys[k].c_str(), record.low[k], record.high[k], record.effect[k],
                  record.effect_low[k], record.effect_high[k],
                  record.effect_low[k] > 0 || record.effect_high[k] < 0 ? " *" : "");
    std::cout << line;
  }
  return 0;
}

}  // namespace clustersim::app
