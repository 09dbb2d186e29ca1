#pragma once
// C++ values as Python ones: vectors as numpy arrays (copied, so Python owns them),
// metric declarations as dicts, a DatasetGroup as nested dicts.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <string>
#include <vector>

#include "sim/dataset.hpp"
#include "sim/metric_table.hpp"

namespace clustersim::python {

namespace py = pybind11;

template <class T>
py::array_t<T> to_array(const std::vector<T>& values, std::vector<py::ssize_t> shape = {}) {
  if (shape.empty()) shape.push_back(py::ssize_t(values.size()));
  py::array_t<T> array(shape);
  std::copy(values.begin(), values.end(), array.mutable_data());
  return array;
}

// name, units, description, kind ("stock", "flow", "cumulative"), lower, upper.
py::list metric_dicts(const std::vector<MetricInfo>& metrics);

// A metric table's values as an array metrics x replications x columns.
py::array_t<double> table_values(const MetricTable& table);

// {"datasets": {name: array (shaped by its dims)}, "units": {name: units},
//  "attributes": {name: value}, "children": {name: the same for the sub-group}}.
py::dict group_dict(const DatasetGroup& group);

}  // namespace clustersim::python
