#include "app/serve/serve_experiments.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>
#include <sstream>

#include "analysis/comparison.hpp"
#include "analysis/experiment_runner.hpp"
#include "analysis/summary.hpp"
#include "app/key_range.hpp"
#include "app/metric_lookup.hpp"
#include "models/experiment_runs.hpp"
#include "sim/diagnostics.hpp"
#include "sim/results_file.hpp"

namespace clustersim::app {
using nlohmann::json;

namespace {

json interval_json(const Interval& interval) {
  return {{"mean", interval.mean}, {"low", interval.low}, {"high", interval.high}};
}

// JSON has no NaN or infinity: such values go out as null.
json number(double value) {
  return std::isfinite(value) ? json(value) : json(nullptr);
}

}  // namespace

json series_json(const MetricTable& table, const std::vector<std::string>& metrics, int last) {
  json out = json::object();
  for (const auto& name : metrics) {
    const int m = table.index_of(name);
    if (m < 0) continue;
    json mean = json::array(), low = json::array(), high = json::array();
    for (int t = 0; t <= last; ++t) {
      const Interval i = column_interval(table, m, t);  // a count's band stays above 0
      mean.push_back(number(i.mean));
      low.push_back(number(i.low));
      high.push_back(number(i.high));
    }
    out[name] = {{"units", table.metrics()[std::size_t(m)].units},
                 {"mean", mean},
                 {"low", low},
                 {"high", high}};
  }
  return out;
}

json compare_tables(const MetricTable& a, const MetricTable& b,
                    const std::vector<std::string>& metrics, bool paired) {
  json rows = json::array(), series = json::object();
  const int last = a.columns() - 1;
  for (const auto& name : metrics) {
    if (a.index_of(name) < 0 || b.index_of(name) < 0) continue;
    const auto d = compare_metric(a, last, b, last, name, paired);
    rows.push_back({{"metric", name},
                    {"units", d.units},
                    {"mean_a", d.mean_a},
                    {"mean_b", d.mean_b},
                    {"difference", interval_json(d.difference)},
                    {"clear", d.clear}});
    json mean = json::array(), low = json::array(), high = json::array();
    for (const auto& i : difference_series(a, b, name, paired)) {
      mean.push_back(number(i.mean));
      low.push_back(number(i.low));
      high.push_back(number(i.high));
    }
    series[name] = {{"mean", mean}, {"low", low}, {"high", high}};
  }
  return {{"paired", paired}, {"rows", rows}, {"series", series}};
}

namespace {

std::string grid_csv(const std::vector<GridPoint>& points, const std::vector<MetricTable>& tables,
                     const std::vector<std::string>& metrics) {
  std::ostringstream csv;
  csv.precision(17);
  csv << "point";
  if (!points.empty())
    for (const auto& setting : points.front().settings) csv << ',' << setting.first;
  csv << ",replication,month,metric,value\n";
  for (std::size_t p = 0; p < points.size(); ++p) {
    const auto& point = points[p];
    const MetricTable& table = tables[p];
    const auto labels = column_labels(point.scenario.calendar);
    for (const auto& name : metrics) {
      const int m = table.index_of(name);
      if (m < 0) continue;
      for (int r = 0; r < table.replications(); ++r)
        for (int t = 0; t < table.columns(); ++t) {
          csv << p;
          for (const auto& setting : point.settings) csv << ',' << setting.second;
          csv << ',' << r << ',' << labels[std::size_t(t)] << ',' << name << ','
              << table.at(m, r, t) << '\n';
        }
    }
  }
  return csv.str();
}

// The distinct values of setting `s` over the points, in the order they first appear.
std::vector<std::string> values_of(const std::vector<GridPoint>& points, std::size_t s) {
  std::vector<std::string> out;
  for (const auto& point : points) {
    const auto& value = point.settings.at(s).second;
    if (std::find(out.begin(), out.end(), value) == out.end()) out.push_back(value);
  }
  return out;
}

std::size_t position(const std::vector<std::string>& values, const std::string& value) {
  return std::size_t(std::find(values.begin(), values.end(), value) - values.begin());
}

// A lever's values on the x axis: numbers where every value is one (null otherwise,
// and the page then spaces the values evenly, as typed).
json x_numbers(const std::vector<std::string>& values) {
  json out = json::array();
  for (const auto& value : values) {
    const auto number = parse_number(value);
    if (!number) return nullptr;
    out.push_back(*number);
  }
  return out;
}

}  // namespace

json grid_plot(const std::vector<GridPoint>& points, const std::vector<MetricTable>& tables,
               const std::vector<std::string>& metrics) {
  if (points.empty() || tables.size() != points.size()) return nullptr;
  const bool two = points.front().settings.size() > 1;
  const auto xs = values_of(points, 0);
  const auto lines = two ? values_of(points, 1) : std::vector<std::string>{""};
  const auto labels = column_labels(points.front().scenario.calendar);
  json out = {{"x_key", points.front().settings[0].first},
              {"x", xs},
              {"x_number", x_numbers(xs)},
              {"line_key", two ? json(points.front().settings[1].first) : json(nullptr)},
              {"month", labels.back()},
              {"replications", tables.front().replications()},
              {"metrics", json::object()}};
  for (const auto& name : metrics) {
    const int m = tables.front().index_of(name);
    if (m < 0) continue;
    json nulls = json::array();
    for (std::size_t x = 0; x < xs.size(); ++x) nulls.push_back(nullptr);
    std::vector<json> mean(lines.size(), nulls), low = mean, high = mean;
    for (std::size_t p = 0; p < points.size(); ++p) {
      const auto l = two ? position(lines, points[p].settings[1].second) : 0;
      const auto x = position(xs, points[p].settings[0].second);
      const Interval i = column_interval(tables[p], m, tables[p].columns() - 1);
      mean[l][x] = number(i.mean);
      low[l][x] = number(i.low);
      high[l][x] = number(i.high);
    }
    json series = json::array();
    for (std::size_t l = 0; l < lines.size(); ++l)
      series.push_back({{"value", two ? json(lines[l]) : json(nullptr)},
                        {"mean", mean[l]},
                        {"low", low[l]},
                        {"high", high[l]}});
    out["metrics"][name] = {{"units", tables.front().metrics()[std::size_t(m)].units},
                            {"lines", series}};
  }
  return out;
}

GridResult run_grid(const std::vector<GridPoint>& points, const std::vector<std::string>& metrics,
                    const std::atomic<bool>* stop, const std::function<void(long, long)>& on_run) {
  std::vector<Scenario> scenarios;
  for (const auto& point : points) scenarios.push_back(point.scenario);
  const auto tables = run_scenarios(scenarios, stop, on_run);
  return {grid_csv(points, tables, metrics), grid_plot(points, tables, metrics)};
}

namespace {

double bound_of(const std::string& key, const char* which, const std::string& text) {
  const auto value = parse_number(text);
  if (!value)
    throw InputError("sensitivity: " + key + ": " + which + " \"" + text +
                     "\": expected a finite number");
  return *value;
}

// The page's lever `key`, or an InputError listing the levers the page offers.
const json& page_lever(const json& levers, const std::string& key) {
  for (const auto& lever : levers)
    if (lever.at("key") == key) return lever;
  std::string names;
  for (const auto& lever : levers)
    names += (names.empty() ? "" : ", ") + lever.at("key").get<std::string>();
  throw InputError("sensitivity: unknown lever \"" + key +
                   "\" (expected one of the page's levers: " + names + ")");
}

// With the levers' `sets`; a refusal names the screening's lever, not --set.
Scenario load_with(const ScenarioCatalog& catalog, const ScenarioInput& base,
                   const std::vector<std::string>& sets) {
  ScenarioInput input = base;
  for (const auto& set : sets) {
    input.args.push_back("--set");
    input.args.push_back(set);
  }
  try {
    return catalog.load(input);
  } catch (const InputError& error) {
    rethrow_naming_options(error, settings_named(sets, "screening lever"));
  }
}

// The --set arguments of one design row: the CLI's text of each value.
std::vector<std::string> sets_of(const std::vector<ParameterRange>& ranges,
                                 const std::vector<double>& row) {
  std::vector<std::string> sets;
  for (std::size_t k = 0; k < ranges.size(); ++k)
    sets.push_back(ranges[k].key + "=" + number_text(row[k]));
  return sets;
}

void add_ranges(MorrisPlan& plan, const json& levers, const MorrisRequest& request) {
  if (request.levers.empty())
    throw InputError("sensitivity: no lever chosen (expected at least one, with low and high)");
  for (const auto& wanted : request.levers) {
    const json& lever = page_lever(levers, wanted.key);
    if (lever.value("integer", false))
      throw InputError("sensitivity: " + wanted.key +
                       " takes whole numbers only (expected a lever with a continuous range)");
    for (const auto& range : plan.ranges)
      if (range.key == wanted.key)
        throw InputError("sensitivity: " + wanted.key + " chosen twice (expected each once)");
    const double low = bound_of(wanted.key, "low", wanted.low);
    const double high = bound_of(wanted.key, "high", wanted.high);
    if (!(low < high))
      throw InputError("sensitivity: " + wanted.key + ": low " + wanted.low + " >= high " +
                       wanted.high + " (expected low < high)");
    plan.ranges.push_back({wanted.key, low, high});
    plan.labels.push_back(lever.value("label", wanted.key));
  }
}

void check_cost(const MorrisPlan& plan, const Scenario& scenario, const MorrisLimits& limits) {
  const long points = long(plan.options.trajectories) * long(plan.ranges.size() + 1);
  const long runs = points * plan.replications;
  if (runs > limits.max_runs)
    throw InputError(
        "sensitivity: " + std::to_string(runs) + " runs (" +
        std::to_string(plan.options.trajectories) + " trajectories x " +
        std::to_string(plan.ranges.size() + 1) + " points x " + std::to_string(plan.replications) +
        " replications), above the page's limit of " + std::to_string(limits.max_runs) +
        "; use fewer trajectories, levers or replications");
  const double size = run_size(scenario) * double(points);
  if (limits.max_size > 0 && size > limits.max_size)
    throw InputError("sensitivity: " + std::to_string(long(size)) + " firm-months in all (limit " +
                     std::to_string(long(limits.max_size)) +
                     "); use fewer trajectories, levers or replications");
}

}  // namespace

MorrisPlan plan_morris(const ScenarioCatalog& catalog, const ScenarioInput& base,
                       const MorrisRequest& request, const MorrisLimits& limits) {
  const Scenario scenario = catalog.load(base);
  MorrisPlan plan;
  add_ranges(plan, levers_json(scenario), request);
  const auto metrics = cluster_model(scenario).metrics;
  plan.metric = metric_index(metrics, request.metric, "sensitivity: metric");
  plan.metric_name = request.metric;
  plan.units = metrics[std::size_t(plan.metric)].units;
  plan.month = column_labels(scenario.calendar).back();
  if (request.trajectories < 2 || request.trajectories > limits.max_trajectories)
    throw InputError("sensitivity: " + std::to_string(request.trajectories) +
                     " trajectories (expected 2 to " + std::to_string(limits.max_trajectories) +
                     ")");
  plan.replications = scenario.replications;
  plan.options = {request.trajectories, 4, scenario.seed};  // the CLI's defaults
  check_cost(plan, scenario, limits);
  // Both ends of every range must be values the key takes: the loader says why not.
  for (const auto& range : plan.ranges)
    for (double end : {range.low, range.high})
      load_with(catalog, base, {range.key + "=" + number_text(end)});
  plan.design = morris_design(plan.ranges, plan.options);
  for (const auto& row : plan.design)
    plan.points.push_back(load_with(catalog, base, sets_of(plan.ranges, row)));
  return plan;
}

json run_morris(const MorrisPlan& plan, const std::atomic<bool>* stop,
                const std::function<void(long, long)>& on_run) {
  const int points = int(plan.points.size()), reps = plan.replications;
  // Points x replications: the metric at the last month, as the CLI's default --at.
  std::vector<std::vector<double>> outputs(static_cast<std::size_t>(points),
                                           std::vector<double>(static_cast<std::size_t>(reps)));
  ExperimentCallbacks callbacks;
  callbacks.run = [&](int v, int r) {
    return run_replication(plan.points[std::size_t(v)], r, stop);
  };
  callbacks.finished = [&](int v, int r, const ReplicationSeries& series) {
    outputs[std::size_t(v)][std::size_t(r)] = series.at(plan.metric, series.columns() - 1);
  };
  callbacks.progress = on_run;
  run_experiment({points, reps}, nullptr, callbacks, stop);
  const auto effects = morris_effects(plan.design, point_means(outputs), plan.ranges, plan.options);
  std::vector<std::size_t> order(effects.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return effects[a].mu_star > effects[b].mu_star;
  });
  json levers = json::array();
  for (const auto i : order)
    levers.push_back({{"key", plan.ranges[i].key},
                      {"label", plan.labels[i]},
                      {"low", plan.ranges[i].low},
                      {"high", plan.ranges[i].high},
                      {"mu_star", number(effects[i].mu_star)},
                      {"mu", number(effects[i].mu)},
                      {"sigma", number(effects[i].sigma)}});
  return {{"method", "morris"},
          {"metric", plan.metric_name},
          {"units", plan.units},
          {"month", plan.month},
          {"trajectories", plan.options.trajectories},
          {"levels", plan.options.levels},
          {"points", points},
          {"replications", reps},
          {"runs", plan.runs()},
          {"noise_share", number(noise_share(outputs))},
          {"levers", levers}};
}

}  // namespace clustersim::app
