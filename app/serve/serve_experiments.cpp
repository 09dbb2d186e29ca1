#include "app/serve/serve_experiments.hpp"

#include <sstream>

#include "analysis/comparison.hpp"
#include "analysis/summary.hpp"
#include "models/experiment_runs.hpp"
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

std::string run_grid(const std::vector<GridPoint>& points, const std::vector<std::string>& metrics,
                     const std::atomic<bool>* stop, const std::function<void(long, long)>& on_run) {
  std::vector<Scenario> scenarios;
  for (const auto& point : points) scenarios.push_back(point.scenario);
  const auto tables = run_scenarios(scenarios, stop, on_run);
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

}  // namespace clustersim::app
