// `clustersim stress`: the shock at which a metric crosses a threshold. The search itself
// (grid, bisection, summary) is analysis/stress; this file wires it to the cluster model.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>
#include <stdexcept>

#include "analysis/records.hpp"
#include "analysis/stress.hpp"
#include "app/commands.hpp"
#include "app/key_range.hpp"
#include "app/options.hpp"
#include "models/cluster_model.hpp"
#include "sim/diagnostics.hpp"
#include "sim/interrupt.hpp"
#include "sim/progress.hpp"
#include "sim/results_file.hpp"
#include "models/scenario/scenario_loader.hpp"
#include "models/scenario/scenario_writer.hpp"

namespace clustersim::app {

namespace {

std::string fixed(double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.6g", value);
  return buffer;
}

bool crosses(double value, bool below, double threshold) {
  return below ? value <= threshold : value >= threshold;
}

}  // namespace

int stress_command(const std::vector<std::string>& args, const std::string& command_line) {
  po::options_description options(
      "clustersim stress SCENARIO --shock KEY=LO:HI --metric NAME "
      "--threshold X [options]");
  options.add_options()("help,h", "show this help")(
      "scenario", po::value<std::string>()->required(), "scenario file (TOML)")(
      "shock", po::value<std::string>()->required(),
      "scenario key to vary and its range, KEY=LO:HI (any key --set accepts that takes a "
      "real number)")("metric", po::value<std::string>()->required(), "metric to watch")(
      "threshold", po::value<double>()->required(), "value the metric must reach to count")(
      "direction", po::value<std::string>()->default_value("auto"),
      "below: crossing is falling to <= threshold; above: rising to >= threshold; auto: below "
      "when the mean initial value (column 0, at LO) is above the threshold, else above")(
      "within", po::value<int>(), "months in which the crossing must happen (default: all)")(
      "points", po::value<int>()->default_value(9), "grid values from LO to HI (at least 2)")(
      "refine", po::value<int>()->default_value(5), "bisection steps per replication (0..40)")(
      "output,o", po::value<std::string>(),
      "results file (default: SCENARIO name with _stress.h5)")("quiet,q",
                                                               "no progress bar, no table");
  add_ensemble_options(options);
  po::positional_options_description positional;
  positional.add("scenario", 1);
  const auto parsed = parse_options(
      args, options, positional,
      "Finds the shock at which a metric crosses a threshold: a grid over LO..HI run with every\n"
      "replication (same seed: common random numbers), then bisection per replication.\n"
      "Reports the median breaking point, the mean and 95% interval of the breaking points,\n"
      "the replications censored (no crossing up to HI) and the share crossing at each shock.");
  if (!parsed) return 0;
  const auto& vm = *parsed;

  // Everything is checked before any simulation runs or any file is created.
  const auto path = vm["scenario"].as<std::string>();
  const KeyRange shock = parse_key_range("--shock", vm["shock"].as<std::string>());
  const auto metric = vm["metric"].as<std::string>();
  const double threshold = vm["threshold"].as<double>();
  if (!std::isfinite(threshold))
    throw InputError("--threshold: expected a finite number, got " + fixed(threshold));
  const auto direction_option = vm["direction"].as<std::string>();
  if (direction_option != "auto" && direction_option != "below" && direction_option != "above")
    throw InputError("--direction " + direction_option + ": expected auto, below or above");
  StressSearchOptions search;
  search.points = vm["points"].as<int>();
  search.refine = vm["refine"].as<int>();
  if (search.points < 2)
    throw InputError("--points " + std::to_string(search.points) + ": expected at least 2");
  if (search.refine < 0 || search.refine > 40)
    throw InputError("--refine " + std::to_string(search.refine) + ": expected 0..40");

  auto overrides = scenario_overrides(vm);
  const auto load_at = [&](double value) {
    auto with_shock = overrides;
    with_shock.push_back(shock.key + "=" + number_text(value));
    return load_scenario_file(path, with_shock);
  };
  const Scenario at_low = load_at(shock.low);
  load_at(shock.high);  // the whole range must be valid for the key
  const int replications = at_low.replications;
  const int months = at_low.calendar.months();

  const ClusterModel model_at_low = cluster_model(at_low);
  const int metric_index = MetricTable(model_at_low.metrics, 0, 0).index_of(metric);
  if (metric_index < 0) {
    std::string known;
    for (const auto& info : model_at_low.metrics) known += (known.empty() ? "" : ", ") + info.name;
    throw InputError("--metric " + metric + ": unknown metric (expected one of " + known + ")");
  }
  const int within = vm.count("within") ? vm["within"].as<int>() : months;
  if (within < 1 || within > months)
    throw InputError("--within " + std::to_string(within) + ": expected 1.." +
                     std::to_string(months) + " (months in the scenario)");

  const std::string output = output_path(vm, path, "_stress.h5");

  const ThreadLimit limit(vm["threads"].as<int>());
  install_interrupt_handlers();
  const auto& stop = interrupt_flag();
  const auto interrupted = [&] {
    std::cerr << "\nclustersim: interrupted; no results written (" << output
              << " was not created or changed)\n";
    return 1;
  };

  // Direction: from the initial state at LO, averaged over replications.
  std::vector<double> row(model_at_low.metrics.size());
  double initial = 0;
  for (int r = 0; r < replications; ++r) {
    if (stop.load()) return interrupted();
    const World world = model_at_low.build(static_cast<std::uint32_t>(r));
    model_at_low.make_recorder()(world, row.data());
    initial += row[std::size_t(metric_index)] / replications;
  }
  const bool below = direction_option == "auto" ? initial > threshold : direction_option == "below";
  const bool quiet = vm.count("quiet") > 0;
  if (crosses(initial, below, threshold))
    std::cerr << "clustersim: warning: " << metric << " starts at " << fixed(initial)
              << ", already " << (below ? "at or below" : "at or above") << " the threshold "
              << fixed(threshold) << "\n";

  ResultsWriter writer(output);
  writer.write_header({at_low.name, command_line, utc_now_iso8601(), at_low.seed, replications,
                       limit.threads()},
                      to_toml(at_low), column_labels(at_low.calendar));

  ProgressBar progress(!quiet);
  const long planned = long(replications) * (search.points + search.refine);
  long done = 0;
  // One replication per world, stepped only until it crosses (or `within` months).
  const CrossingEvaluator evaluate = [&](double value, const std::vector<int>& which) {
    const Scenario scenario = load_at(value);
    const ClusterModel model = cluster_model(scenario);
    const Recorder<World> recorder = model.make_recorder();
    const int index = MetricTable(model.metrics, 0, 0).index_of(metric);
    if (index < 0)
      throw std::runtime_error("metric " + metric + " missing at shock " + fixed(value));
    std::vector<double> values(model.metrics.size());
    const int last = std::min(within, scenario.calendar.months());
    std::vector<std::uint8_t> result;
    for (int r : which) {
      World world = model.build(static_cast<std::uint32_t>(r));
      bool crossed = false;
      for (int t = 1; t <= last && !crossed; ++t) {
        if (stop.load()) throw Interrupted{};
        step_month(model, world);
        recorder(world, values.data());
        crossed = crosses(values[std::size_t(index)], below, threshold);
      }
      result.push_back(crossed ? 1 : 0);
      progress.update(std::min(++done, planned), planned);
    }
    return result;
  };

  StressResult found;
  try {
    found = find_breaking_points(shock.low, shock.high, replications, search, evaluate);
  } catch (const Interrupted&) {
    return interrupted();
  }
  progress.update(planned, planned);

  StressRecord record;
  record.key = shock.key;
  record.metric = metric;
  record.direction = below ? "below" : "above";
  record.threshold = threshold;
  record.low = shock.low;
  record.high = shock.high;
  record.tolerance = found.tolerance;
  record.within = within;
  record.points = search.points;
  record.refine = search.refine;
  record.estimate = found.estimate;
  record.mean = found.interval.mean;
  record.ci_low = found.interval.low;
  record.ci_high = found.interval.high;
  record.censored = found.censored;
  record.at_low = found.at_low;
  record.non_monotone = found.non_monotone;
  record.replications = replications;
  record.shock = found.shock;
  record.crossing_share = found.crossing_share;
  record.crossed = found.crossed;
  record.observed = found.observed;
  record.breaking_point = found.breaking_point;
  writer.write_group("/stress", to_datasets(record));
  writer.commit();

  if (found.at_low > 0)
    std::cerr << "clustersim: warning: " << found.at_low << " of " << replications
              << " replications already cross at " << shock.key << " = " << fixed(shock.low)
              << "; their breaking point is at most that (lower LO to locate it)\n";
  if (found.non_monotone > 0)
    std::cerr << "clustersim: warning: " << found.non_monotone << " of " << replications
              << " replications cross at one grid value and not at a larger one; their breaking "
                 "point is the first crossing\n";
  if (quiet) return 0;

  std::cout << "scenario " << at_low.name << ": " << shock.key << " from " << fixed(shock.low)
            << " to " << fixed(shock.high) << "; crossing: " << metric << (below ? " <= " : " >= ")
            << fixed(threshold) << " within " << within << " months\n"
            << replications << " replications, " << search.points << " grid values, "
            << search.refine << " bisection steps (tolerance " << fixed(found.tolerance)
            << "), written to " << output << "\n\n";
  char line[256];
  std::snprintf(line, sizeof line, "%-16s %s\n", "shock", "share crossing");
  std::cout << line;
  const auto columns = found.shock.size();
  for (std::size_t j = 0; j < columns; ++j) {
    bool everyone = true;  // values every replication was run at (the grid, shared midpoints)
    for (int r = 0; r < replications; ++r)
      everyone = everyone && found.observed[std::size_t(r) * columns + j] >= 0;
    if (!everyone) continue;
    std::snprintf(line, sizeof line, "%-16.6g %.3f\n", found.shock[j], found.crossing_share[j]);
    std::cout << line;
  }
  std::cout << '\n';
  const int crossing = replications - found.censored;
  if (crossing == 0) {
    std::cout << "no replication crosses the threshold for " << shock.key << " up to "
              << fixed(shock.high) << "; no breaking point in this range\n";
    return 0;
  }
  if (std::isnan(found.estimate))
    std::cout << "breaking point (median): above " << fixed(shock.high)
              << " (fewer than half of the replications cross in the range)\n";
  else
    std::cout << "breaking point (median): " << fixed(found.estimate) << "\n";
  std::cout << "mean over the " << crossing
            << " crossing replications: " << fixed(found.interval.mean) << "  95% interval ["
            << fixed(found.interval.low) << ", " << fixed(found.interval.high) << "]\n"
            << "censored (no crossing up to " << fixed(shock.high) << "): " << found.censored
            << " of " << replications << "\n";
  return 0;
}

}  // namespace clustersim::app
