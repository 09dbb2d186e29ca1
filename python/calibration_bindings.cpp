// Calibration by simulated moments (analysis/calibration.hpp) of a scenario's keys, each
// candidate run as `clustersim calibrate` runs it: the scenario with the keys set
// (number_text), its own R replications and seed (common random numbers), the targets'
// reductions of each replication's series. No journal: a Python session keeps the result.
#include <pybind11/stl.h>

#include <tuple>

#include "analysis/calibration.hpp"
#include "app/key_range.hpp"
#include "app/metric_lookup.hpp"
#include "app/options.hpp"
#include "bindings.hpp"
#include "interruptible.hpp"
#include "loaded_scenario.hpp"
#include "models/cluster_model.hpp"
#include "sim/diagnostics.hpp"
#include "sim/results_file.hpp"

namespace clustersim::python {
namespace {

using Range = std::tuple<std::string, double, double>;

struct Setup {
  const LoadedScenario& base;
  CalibrationProblem problem;
  std::vector<int> metric_of;  // per target
  std::vector<std::string> labels;

  std::vector<std::string> overrides_at(const std::vector<double>& theta) const {
    std::vector<std::string> overrides;
    for (std::size_t p = 0; p < theta.size(); ++p)
      overrides.push_back(problem.parameters[p].key + "=" + app::number_text(theta[p]));
    return overrides;
  }

  // The moments of the R replications at theta.
  std::vector<std::vector<double>> simulate(const std::vector<double>& theta,
                                            const std::atomic<bool>* stop) const {
    const Scenario scenario = base.with(overrides_at(theta)).scenario;
    RunOptions<World> options;
    options.stop = stop;
    const MetricTable table =
        run_ensemble(cluster_model(scenario), ensemble_shape(scenario), options);
    std::vector<std::vector<double>> rows(std::size_t(table.replications()));
    for (int r = 0; r < table.replications(); ++r)
      for (std::size_t i = 0; i < problem.targets.size(); ++i) {
        const double* series = table.series(metric_of[i]) + std::size_t(r) * table.columns();
        rows[std::size_t(r)].push_back(reduce_series(
            problem.targets[i], labels, std::vector<double>(series, series + table.columns())));
      }
    return rows;
  }
};

// Every target names a metric of the model and months of the calendar; every key takes
// the box's centre. InputError before anything runs, as the program checks.
void check(Setup& setup) {
  const Scenario& s = setup.base.scenario;
  if (s.replications < 2)
    throw InputError("replications " + std::to_string(s.replications) +
                     ": expected at least 2 (their spread is the noise the weights need)");
  const auto metrics = cluster_model(s).metrics;
  for (const auto& target : setup.problem.targets) {
    const std::string option = "target " + target.name + ": metric";
    setup.metric_of.push_back(app::metric_index(metrics, target.metric, option));
    app::month_column(setup.labels, target.to.to_string(), "target " + target.name + ": to");
    if (target.reduction != Reduction::final)
      app::month_column(setup.labels, first_month_read(target).to_string(),
                        "target " + target.name + ": from");
  }
  std::vector<double> centre;
  for (const auto& r : setup.problem.parameters) centre.push_back((r.low + r.high) / 2);
  setup.base.with(setup.overrides_at(centre));
}

py::dict result_dict(const CalibrationResult& r, const std::string& extends) {
  py::list parameters, moments;
  for (const auto& p : r.parameters)
    parameters.append(
        py::dict(py::arg("key") = p.key, py::arg("value") = p.value, py::arg("low") = p.low,
                 py::arg("high") = p.high, py::arg("standard_error") = p.standard_error,
                 py::arg("ci_low") = p.ci_low, py::arg("ci_high") = p.ci_high,
                 py::arg("at_bound") = p.at_bound, py::arg("identified") = p.identified));
  for (const auto& m : r.moments)
    moments.append(py::dict(
        py::arg("name") = m.target.name, py::arg("metric") = m.target.metric,
        py::arg("reduction") = std::string(name_of(kReductionNames, m.target.reduction)),
        py::arg("from") = m.target.from.to_string(), py::arg("to") = m.target.to.to_string(),
        py::arg("target") = m.target.value, py::arg("simulated") = m.simulated,
        py::arg("simulated_sd") = m.simulated_sd, py::arg("weight") = m.weight,
        py::arg("variance") = m.variance, py::arg("z") = m.z));
  py::dict fit(py::arg("distance") = r.distance,
               py::arg("degrees_of_freedom") = r.degrees_of_freedom, py::arg("p_value") = r.p_value,
               py::arg("identified") = r.identified, py::arg("evaluations") = r.evaluations,
               py::arg("replications") = r.replications, py::arg("runs") = r.runs,
               py::arg("optimiser") = r.optimiser, py::arg("converged") = r.converged,
               py::arg("neighbour_distance") = r.neighbour_distance,
               py::arg("better_neighbour") = r.better_neighbour);
  py::dict d(py::arg("parameters") = parameters, py::arg("moments") = moments,
             py::arg("fit") = fit);
  d["fitted_toml"] = py::none();
  try {  // keys inside arrays of tables cannot be written as dotted keys: no fitted file
    if (!extends.empty()) d["fitted_toml"] = fitted_scenario_text(r, extends);
  } catch (const std::invalid_argument&) {
  }
  return d;
}

py::dict calibrate_scenario(const LoadedScenario& base, const std::string& targets_path,
                            const std::string& targets_text, const std::vector<Range>& ranges,
                            CalibrationOptions options, const std::string& optimiser, int threads) {
  Setup setup{base, {}, {}, column_labels(base.scenario.calendar)};
  setup.problem.targets = targets_path.empty() ? read_targets_text(targets_text, "targets")
                                               : read_targets(targets_path);
  for (const auto& [key, low, high] : ranges) setup.problem.parameters.push_back({key, low, high});
  if (optimiser != "bobyqa" && optimiser != "sbplx")
    throw InputError("optimiser " + optimiser + ": expected bobyqa or sbplx");
  options.optimiser = optimiser == "sbplx" ? LocalOptimiser::sbplx : LocalOptimiser::bobyqa;
  check(setup);
  const auto result = run_interruptible_for([&](const std::atomic<bool>* stop) {
    const app::ThreadLimit limit(threads);
    options.stop = stop;
    setup.problem.simulate = [&](const std::vector<double>& theta) {
      return setup.simulate(theta, stop);
    };
    return calibrate(setup.problem, options);
  });
  return result_dict(result, base.path);
}

}  // namespace

void bind_calibration(py::module_& m) {
  m.def(
      "calibrate",
      [](const LoadedScenario& base, const std::string& targets_path,
         const std::string& targets_text, const std::vector<Range>& ranges, int starts,
         int evaluations, const std::string& optimiser, bool two_step, std::uint64_t seed,
         int threads) {
        CalibrationOptions options;
        options.starts = starts;
        options.evaluations_per_start = evaluations;
        options.two_step = two_step;
        options.seed = seed;
        return calibrate_scenario(base, targets_path, targets_text, ranges, options, optimiser,
                                  threads);
      },
      py::arg("scenario"), py::arg("targets_path"), py::arg("targets_text"), py::arg("ranges"),
      py::arg("starts"), py::arg("evaluations"), py::arg("optimiser"), py::arg("two_step"),
      py::arg("seed"), py::arg("threads") = 0);
}

}  // namespace clustersim::python
