#include "app/serve_experiments.hpp"

#include <sstream>

#include "analysis/summary.hpp"
#include "sim/results_file.hpp"

namespace clustersim::app {
using nlohmann::json;

namespace {

std::vector<double> column_values(const MetricTable& table, int metric, int column) {
  std::vector<double> values;
  for (int r = 0; r < table.replications(); ++r) values.push_back(table.at(metric, r, column));
  return values;
}

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

MetricTable run_to_end(const Scenario& scenario, const std::atomic<bool>* stop) {
  RunOptions<World> options;
  options.stop = stop;
  return run_ensemble(cluster_model(scenario), ensemble_shape(scenario), options);
}

json compare_tables(const MetricTable& a, const MetricTable& b,
                    const std::vector<std::string>& metrics, bool paired) {
  const auto difference = [&](int ma, int mb, int t) {
    const auto va = column_values(a, ma, t), vb = column_values(b, mb, t);
    return paired ? paired_difference(va, vb) : welch_difference(va, vb);
  };
  json rows = json::array(), series = json::object();
  const int last = a.columns() - 1;
  for (const auto& name : metrics) {
    const int ma = a.index_of(name), mb = b.index_of(name);
    if (ma < 0 || mb < 0) continue;
    const Interval d = difference(ma, mb, last);
    rows.push_back({{"metric", name},
                    {"units", a.metrics()[std::size_t(ma)].units},
                    {"mean_a", mean_interval(column_values(a, ma, last)).mean},
                    {"mean_b", mean_interval(column_values(b, mb, last)).mean},
                    {"difference", interval_json(d)},
                    {"clear", d.low > 0 || d.high < 0}});
    json mean = json::array(), low = json::array(), high = json::array();
    for (int t = 0; t <= last; ++t) {
      const Interval i = difference(ma, mb, t);
      mean.push_back(number(i.mean));
      low.push_back(number(i.low));
      high.push_back(number(i.high));
    }
    series[name] = {{"mean", mean}, {"low", low}, {"high", high}};
  }
  return {{"paired", paired}, {"rows", rows}, {"series", series}};
}

std::string run_grid(const std::vector<GridPoint>& points, const std::vector<std::string>& metrics,
                     const std::atomic<bool>* stop, const std::function<void(int)>& on_point) {
  std::ostringstream csv;
  csv.precision(17);
  csv << "point";
  if (!points.empty())
    for (const auto& setting : points.front().settings) csv << ',' << setting.first;
  csv << ",replication,month,metric,value\n";
  for (std::size_t p = 0; p < points.size(); ++p) {
    const auto& point = points[p];
    const MetricTable table = run_to_end(point.scenario, stop);
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
    if (on_point) on_point(int(p) + 1);
  }
  return csv.str();
}

}  // namespace clustersim::app
