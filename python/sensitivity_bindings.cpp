// Designs and sensitivity indices (analysis/designs.hpp, analysis/sensitivity.hpp): the
// same samples and estimators `clustersim grid` and `sensitivity` use, over any outputs.
#include <pybind11/stl.h>

#include <tuple>

#include "analysis/designs.hpp"
#include "analysis/sensitivity.hpp"
#include "arrays.hpp"
#include "bindings.hpp"

namespace clustersim::python {
namespace {

using Range = std::tuple<std::string, double, double>;  // key, low, high

std::vector<ParameterRange> ranges_of(const std::vector<Range>& ranges) {
  std::vector<ParameterRange> out;
  for (const auto& [key, low, high] : ranges) out.push_back({key, low, high});
  return out;
}

py::array_t<double> design_array(const Design& design, std::size_t parameters) {
  std::vector<double> flat;
  for (const auto& point : design) flat.insert(flat.end(), point.begin(), point.end());
  return to_array(flat, {py::ssize_t(design.size()), py::ssize_t(parameters)});
}

py::list morris(const Design& design, const std::vector<double>& outputs,
                const std::vector<Range>& ranges, int trajectories, int levels) {
  py::list rows;
  const auto effects =
      morris_effects(design, outputs, ranges_of(ranges), {trajectories, levels, 1});
  for (std::size_t i = 0; i < effects.size(); ++i)
    rows.append(py::dict(py::arg("key") = std::get<0>(ranges[i]),
                         py::arg("mu_star") = effects[i].mu_star, py::arg("mu") = effects[i].mu,
                         py::arg("sigma") = effects[i].sigma));
  return rows;
}

py::dict sobol(const std::vector<double>& outputs, int parameters, int base_points, int bootstrap,
               std::uint64_t seed) {
  const auto indices = sobol_indices(outputs, parameters, {base_points, bootstrap, seed});
  py::list rows;
  for (int i = 0; i < parameters; ++i) {
    const auto& s = indices.first[std::size_t(i)];
    const auto& t = indices.total[std::size_t(i)];
    rows.append(py::dict(py::arg("first_order") = s.value, py::arg("first_order_low") = s.low,
                         py::arg("first_order_high") = s.high, py::arg("total") = t.value,
                         py::arg("total_low") = t.low, py::arg("total_high") = t.high));
  }
  return py::dict(py::arg("indices") = rows, py::arg("variance") = indices.variance);
}

}  // namespace

void bind_sensitivity(py::module_& m) {
  m.def("full_factorial", &full_factorial, py::arg("levels"));
  m.def(
      "latin_hypercube",
      [](const std::vector<Range>& r, int n, std::uint64_t seed) {
        return design_array(latin_hypercube(ranges_of(r), n, seed), r.size());
      },
      py::arg("ranges"), py::arg("n"), py::arg("seed"));
  m.def(
      "morris_design",
      [](const std::vector<Range>& r, int trajectories, int levels, std::uint64_t seed) {
        return design_array(morris_design(ranges_of(r), {trajectories, levels, seed}), r.size());
      },
      py::arg("ranges"), py::arg("trajectories"), py::arg("levels"), py::arg("seed"));
  m.def(
      "saltelli_design",
      [](const std::vector<Range>& r, int base_points, std::uint64_t seed) {
        return design_array(saltelli_design(ranges_of(r), {base_points, 0, seed}), r.size());
      },
      py::arg("ranges"), py::arg("base_points"), py::arg("seed"));
  m.def("morris_effects", &morris, py::arg("design"), py::arg("outputs"), py::arg("ranges"),
        py::arg("trajectories"), py::arg("levels"));
  m.def("sobol_indices", &sobol, py::arg("outputs"), py::arg("parameters"), py::arg("base_points"),
        py::arg("bootstrap"), py::arg("seed"));
  m.def("noise_share", &noise_share, py::arg("replicate_outputs"));
  m.def("point_means", &point_means, py::arg("replicate_outputs"));
}

}  // namespace clustersim::python
