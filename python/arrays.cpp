#include "arrays.hpp"

#include <pybind11/stl.h>

#include <variant>

namespace clustersim::python {

py::list metric_dicts(const std::vector<MetricInfo>& metrics) {
  py::list list;
  for (const auto& info : metrics) {
    py::dict d;
    d["name"] = info.name;
    d["units"] = info.units;
    d["description"] = info.description;
    d["kind"] = std::string(name_of(kMetricKindNames, info.kind));
    d["lower"] = info.range.lower;
    d["upper"] = info.range.upper;
    list.append(d);
  }
  return list;
}

py::array_t<double> table_values(const MetricTable& table) {
  const auto metrics = py::ssize_t(table.metrics().size());
  py::array_t<double> values(
      {metrics, py::ssize_t(table.replications()), py::ssize_t(table.columns())});
  const std::size_t per_metric = std::size_t(table.replications()) * table.columns();
  for (py::ssize_t m = 0; m < metrics; ++m)
    if (per_metric > 0)
      std::copy(table.series(int(m)), table.series(int(m)) + per_metric,
                values.mutable_data() + std::size_t(m) * per_metric);
  return values;
}

namespace {

py::object dataset_array(const Dataset& dataset) {
  std::vector<py::ssize_t> shape(dataset.dims.begin(), dataset.dims.end());
  return std::visit(
      [&](const auto& values) -> py::object {
        using T = typename std::decay_t<decltype(values)>::value_type;
        if constexpr (std::is_same_v<T, std::string>) {
          const auto numpy = py::module_::import("numpy");
          py::object strings = numpy.attr("array")(py::cast(values), py::arg("dtype") = "object");
          return shape.size() > 1 ? strings.attr("reshape")(py::cast(shape)) : strings;
        } else {
          return to_array(values, shape);
        }
      },
      dataset.values);
}

py::object attribute_value(const AttributeValue& value) {
  return std::visit([](const auto& v) { return py::object(py::cast(v)); }, value);
}

}  // namespace

py::dict group_dict(const DatasetGroup& group) {
  py::dict datasets, units, attributes, children;
  for (const auto& dataset : group.datasets) {
    datasets[py::str(dataset.name)] = dataset_array(dataset);
    units[py::str(dataset.name)] = dataset.units;
  }
  for (const auto& [name, value] : group.attributes)
    attributes[py::str(name)] = attribute_value(value);
  for (const auto& child : group.children) children[py::str(child.name)] = group_dict(child.group);
  py::dict d;
  d["datasets"] = datasets;
  d["units"] = units;
  d["attributes"] = attributes;
  d["children"] = children;
  return d;
}

}  // namespace clustersim::python
