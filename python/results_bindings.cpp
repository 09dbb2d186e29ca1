// Results files of any kind, read by the program's own reader (sim/results_file.hpp) and
// tidied by its `export` (app/export.hpp), so Python sees what the program wrote.
#include <pybind11/stl.h>

#include <sstream>

#include "app/export.hpp"
#include "arrays.hpp"
#include "bindings.hpp"
#include "sim/results_file.hpp"

namespace clustersim::python {

void bind_results(py::module_& m) {
  m.def(
      "read_results",
      [](const std::string& path) {
        auto data = read_results(path);
        py::dict d;
        d["attributes"] = data.attributes;
        d["scenario"] = data.scenario_toml;
        d["labels"] = data.labels;
        d["table"] = std::move(data.metrics);
        return d;
      },
      py::arg("path"), "Provenance, the resolved scenario, month labels and the metric table.");
  m.def(
      "read_group",
      [](const std::string& path, const std::string& group) -> py::object {
        const auto stored = read_group(path, group);
        return stored ? py::object(group_dict(*stored)) : py::object(py::none());
      },
      py::arg("path"), py::arg("group"), "A group as nested dicts, or None when absent.");
  m.def(
      "export_tidy",
      [](const std::string& path) {
        std::ostringstream out;
        app::export_tidy(path, out);
        return out.str();
      },
      py::arg("path"), "The file as `clustersim export --tidy-csv` writes it (CSV text).");
}

}  // namespace clustersim::python
