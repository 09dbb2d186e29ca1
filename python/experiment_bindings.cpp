// Experiments over scenarios: the points of a design run through the one experiments
// runner (models/experiment_runs.hpp, as `sweep` and the page run them: each run a
// replication of its point's scenario, so equal to `clustersim run`'s), B - A of two
// ensembles (analysis/comparison.hpp, as `compare`), and the summary intervals.
#include <pybind11/stl.h>

#include "analysis/comparison.hpp"
#include "analysis/summary.hpp"
#include "app/metric_lookup.hpp"
#include "app/options.hpp"
#include "arrays.hpp"
#include "bindings.hpp"
#include "interruptible.hpp"
#include "loaded_scenario.hpp"
#include "models/experiment_runs.hpp"

namespace clustersim::python {
namespace {

// Every point is the base with its overrides (KEY=VALUE, as --set), all loaded before any
// run, so a value a key does not take is an InputError and nothing runs.
std::vector<MetricTable> run_points(const LoadedScenario& base,
                                    const std::vector<std::vector<std::string>>& points,
                                    int threads) {
  std::vector<Scenario> scenarios;
  for (const auto& point : points) scenarios.push_back(base.with(point).scenario);
  return run_interruptible_for([&](const std::atomic<bool>* stop) {
    const app::ThreadLimit limit(threads);
    return run_scenarios(scenarios, stop);
  });
}

py::dict difference_dict(const MetricDifference& d) {
  py::dict row;
  row["metric"] = d.metric;
  row["units"] = d.units;
  row["mean_a"] = d.mean_a;
  row["mean_b"] = d.mean_b;
  row["difference"] = d.difference.mean;
  row["low"] = d.difference.low;
  row["high"] = d.difference.high;
  row["clear"] = d.clear;
  return row;
}

// mean, low, high: (metrics x columns) arrays of the clipped 95% interval over replications.
py::dict summary(const MetricTable& table) {
  std::vector<double> mean, low, high;
  for (int m = 0; m < int(table.metrics().size()); ++m)
    for (int t = 0; t < table.columns(); ++t) {
      const Interval i = column_interval(table, m, t);
      mean.push_back(i.mean);
      low.push_back(i.low);
      high.push_back(i.high);
    }
  const std::vector<py::ssize_t> shape{py::ssize_t(table.metrics().size()), table.columns()};
  py::dict d;
  d["mean"] = to_array(mean, shape);
  d["low"] = to_array(low, shape);
  d["high"] = to_array(high, shape);
  return d;
}

py::dict series_dict(const std::vector<Interval>& series) {
  std::vector<double> mean, low, high;
  for (const auto& i : series) {
    mean.push_back(i.mean);
    low.push_back(i.low);
    high.push_back(i.high);
  }
  py::dict d;
  d["difference"] = to_array(mean);
  d["low"] = to_array(low);
  d["high"] = to_array(high);
  return d;
}

}  // namespace

void bind_experiments(py::module_& m) {
  m.def("run_points", &run_points, py::arg("scenario"), py::arg("points"), py::arg("threads") = 0,
        "One metric table per point (GIL released; Ctrl-C: KeyboardInterrupt).");
  m.def("can_pair", &can_pair, py::arg("seed_a"), py::arg("seed_b"), py::arg("replications_a"),
        py::arg("replications_b"));
  m.def(
      "compare_metric",
      [](const MetricTable& a, int column_a, const MetricTable& b, int column_b,
         const std::string& metric, bool paired) {
        return difference_dict(compare_metric(a, column_a, b, column_b, metric, paired));
      },
      py::arg("a"), py::arg("column_a"), py::arg("b"), py::arg("column_b"), py::arg("metric"),
      py::arg("paired"));
  m.def(
      "difference_series",
      [](const MetricTable& a, const MetricTable& b, const std::string& metric, bool paired) {
        return series_dict(difference_series(a, b, metric, paired));
      },
      py::arg("a"), py::arg("b"), py::arg("metric"), py::arg("paired"));
  m.def("summary", &summary, py::arg("table"));
  // The program's lookups, so a misspelt name gets its "did you mean" (InputError).
  m.def(
      "metric_index",
      [](const MetricTable& t, const std::string& name, const std::string& option) {
        return app::metric_index(t.metrics(), name, option);
      },
      py::arg("table"), py::arg("name"), py::arg("option") = "metric");
  m.def("month_column", &app::month_column, py::arg("labels"), py::arg("month"),
        py::arg("option") = "month");
}

}  // namespace clustersim::python
