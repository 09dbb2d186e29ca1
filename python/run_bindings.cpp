// Ensembles: run_ensemble on the scenario as `clustersim run` runs it (the same model,
// shape, seeds and snapshots), and the file `run` would write.
#include <pybind11/stl.h>

#include <algorithm>
#include <mutex>
#include <tuple>

#include "app/options.hpp"
#include "arrays.hpp"
#include "bindings.hpp"
#include "build_info.hpp"
#include "interruptible.hpp"
#include "loaded_scenario.hpp"
#include "models/cluster_model.hpp"
#include "models/run_results.hpp"
#include "models/snapshot.hpp"
#include "sim/output_path.hpp"
#include "sim/results_file.hpp"
#include "sim/toml_document.hpp"

namespace clustersim::python {
namespace {

struct Snapshot {
  int replication;
  std::string label;
  DatasetGroup group;
};

struct EnsembleOutput {
  MetricTable table;
  std::vector<Snapshot> snapshots;  // by replication, then month
  int threads = 0;
  std::string created_utc;
};

EnsembleOutput run_scenario(const LoadedScenario& loaded, int threads) {
  return run_interruptible_for([&](const std::atomic<bool>* stop) {
    const Scenario& scenario = loaded.scenario;
    const app::ThreadLimit limit(threads);
    const auto labels = column_labels(scenario.calendar);
    EnsembleOutput out{{}, {}, limit.threads(), utc_now_iso8601()};
    std::mutex mutex;
    RunOptions<World> options;
    options.stop = stop;
    options.on_record = [&](const World& world, int r, int t) {
      if (!is_snapshot_month(scenario, world, t)) return;
      auto group = capture_snapshot(world);
      const std::lock_guard lock(mutex);
      out.snapshots.push_back({r, labels[std::size_t(t)], std::move(group)});
    };
    out.table = run_ensemble(cluster_model(scenario), ensemble_shape(scenario), options);
    std::stable_sort(out.snapshots.begin(), out.snapshots.end(), [](const auto& a, const auto& b) {
      return std::tie(a.replication, a.label) < std::tie(b.replication, b.label);
    });
    return out;
  });
}

// The root attributes `clustersim run` writes, for the same run.
py::dict provenance(const LoadedScenario& loaded, const EnsembleOutput& out,
                    const std::string& command_line) {
  py::dict p;
  p["schema"] = kSchemaName;
  p["schema_version"] = kSchemaVersion;
  p["program_version"] = build_info::version;
  p["git_commit"] = build_info::git_commit;
  p["build_type"] = build_info::build_type;
  p["created_utc"] = out.created_utc;
  p["command_line"] = command_line;
  p["seed"] = loaded.scenario.seed;
  p["replications"] = loaded.scenario.replications;
  p["threads"] = out.threads;
  p["scenario_name"] = loaded.scenario.name;
  return p;
}

// The results file of this run, as `clustersim run` writes it: header, snapshots, metrics.
void write_results(const std::string& path, bool force, const LoadedScenario& loaded,
                   const EnsembleOutput& out, const std::string& command_line) {
  std::vector<std::string> inputs;
  if (!loaded.path.empty()) inputs = document_files(loaded.path);
  if (inputs.empty() && !loaded.path.empty()) inputs.push_back(loaded.path);
  check_output_path(path, inputs, force, "path");
  const OutputLock lock(path);
  remove_stale_temporaries(path);
  ResultsWriter writer(path, force);
  write_run_header(writer, loaded.scenario, command_line, out.threads);
  for (const auto& s : out.snapshots)
    writer.write_group(snapshot_group(s.label, s.replication), s.group);
  writer.write_metrics(out.table, loaded.scenario.output.compression);
  writer.commit();
}

}  // namespace

void bind_run(py::module_& m) {
  py::class_<MetricTable>(m, "MetricTable", "Metrics x replications x columns")
      .def_property_readonly("values", &table_values)
      .def_property_readonly("metrics",
                             [](const MetricTable& t) { return metric_dicts(t.metrics()); })
      .def_property_readonly("replications", &MetricTable::replications)
      .def_property_readonly("columns", &MetricTable::columns);

  py::class_<EnsembleOutput>(m, "EnsembleOutput")
      .def_property_readonly("table", [](const EnsembleOutput& o) { return o.table; })
      .def_property_readonly("threads", [](const EnsembleOutput& o) { return o.threads; })
      .def("snapshots",
           [](const EnsembleOutput& o) {
             py::list list;
             for (const auto& s : o.snapshots)
               list.append(py::make_tuple(s.replication, s.label, group_dict(s.group)));
             return list;
           })
      .def(
          "provenance",
          [](const EnsembleOutput& o, const LoadedScenario& s, const std::string& command_line) {
            return provenance(s, o, command_line);
          },
          py::arg("scenario"), py::arg("command_line"))
      .def(
          "write",
          [](const EnsembleOutput& o, const std::string& path, bool force, const LoadedScenario& s,
             const std::string& command_line) { write_results(path, force, s, o, command_line); },
          py::arg("path"), py::arg("force"), py::arg("scenario"), py::arg("command_line"));

  m.def("run", &run_scenario, py::arg("scenario"), py::arg("threads") = 0,
        "Runs the scenario's ensemble (GIL released; Ctrl-C stops it: KeyboardInterrupt).");
}

}  // namespace clustersim::python
