// Scenarios: loaded and validated by the program's own loader, overrides in --set's
// syntax, errors as clustersim.InputError.
#include <pybind11/stl.h>

#include "app/key_range.hpp"
#include "arrays.hpp"
#include "bindings.hpp"
#include "loaded_scenario.hpp"
#include "models/metrics.hpp"
#include "models/scenario/scenario_writer.hpp"
#include "sim/results_file.hpp"

namespace clustersim::python {

void bind_scenario(py::module_& m) {
  py::class_<LoadedScenario>(m, "Scenario", "A loaded, validated scenario (use clustersim.load)")
      .def_static("load", &LoadedScenario::from_file, py::arg("path"),
                  py::arg("overrides") = std::vector<std::string>{})
      .def_static("loads", &LoadedScenario::from_text, py::arg("text"), py::arg("source_name"),
                  py::arg("overrides") = std::vector<std::string>{})
      .def("with_overrides", &LoadedScenario::with, py::arg("overrides"))
      .def_property_readonly("path", [](const LoadedScenario& s) { return s.path; })
      .def_property_readonly("source_name", [](const LoadedScenario& s) { return s.source_name; })
      .def_property_readonly("overrides", [](const LoadedScenario& s) { return s.overrides; })
      .def_property_readonly("name", [](const LoadedScenario& s) { return s.scenario.name; })
      .def_property_readonly("description",
                             [](const LoadedScenario& s) { return s.scenario.description; })
      .def_property_readonly("seed", [](const LoadedScenario& s) { return s.scenario.seed; })
      .def_property_readonly("replications",
                             [](const LoadedScenario& s) { return s.scenario.replications; })
      .def_property_readonly("months",
                             [](const LoadedScenario& s) { return s.scenario.calendar.months(); })
      .def_property_readonly(
          "labels", [](const LoadedScenario& s) { return column_labels(s.scenario.calendar); })
      .def_property_readonly("domains", [](const LoadedScenario& s) { return s.scenario.domains; })
      .def_property_readonly(
          "metrics",
          [](const LoadedScenario& s) { return metric_dicts(cluster_metrics(s.scenario).infos); })
      .def_property_readonly("toml", [](const LoadedScenario& s) { return to_toml(s.scenario); });
  m.def("number_text", &app::number_text, py::arg("value"),
        "The shortest text reading back as the same double, always a TOML float (as the "
        "program writes design values into overrides).");
}

}  // namespace clustersim::python
