// clustersim._clustersim: the engine for Python (docs/python.md).
#include "bindings.hpp"
#include "build_info.hpp"

PYBIND11_MODULE(_clustersim, m) {
  using namespace clustersim::python;
  m.doc() = "clustersim's engine (use the package `clustersim`, which wraps this module)";
  m.attr("version") = clustersim::build_info::version;
  m.attr("git_commit") = clustersim::build_info::git_commit;
  bind_errors(m);
  bind_scenario(m);
  bind_run(m);
  bind_stepper(m);
  bind_experiments(m);
  bind_sensitivity(m);
  bind_calibration(m);
  bind_results(m);
}
