#pragma once
// The compiled part of `import clustersim` (clustersim._clustersim): one bind_* per area,
// each over the library code the program's commands use. The pandas tables are built by
// the pure-Python package (python/clustersim/).
#include <pybind11/pybind11.h>

namespace clustersim::python {

namespace py = pybind11;

void bind_errors(py::module_& m);       // errors.cpp: InputError and translations
void bind_scenario(py::module_& m);     // scenario_bindings.cpp: load, validate, overrides
void bind_run(py::module_& m);          // run_bindings.cpp: ensembles, metric tables
void bind_stepper(py::module_& m);      // stepper_bindings.cpp: month by month, firm state
void bind_experiments(py::module_& m);  // experiment_bindings.cpp: points, compare
void bind_sensitivity(py::module_& m);  // sensitivity_bindings.cpp: designs, indices
void bind_calibration(py::module_& m);  // calibration_bindings.cpp: simulated moments
void bind_results(py::module_& m);      // results_bindings.cpp: reading results files

}  // namespace clustersim::python
