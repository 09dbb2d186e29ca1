#pragma once
// A results file's group as read_group (sim/results_file.hpp) returns it: typed access
// that reports a damaged file as bad input (InputError naming the file), and the bit for
// bit comparison `rerun` makes of a stored group with the one it remade.
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "sim/dataset.hpp"
#include "sim/diagnostics.hpp"

namespace clustersim::app {

const Dataset* find_dataset(const DatasetGroup& group, const std::string& name);

// The dataset `name` of `group` as numbers or as text; InputError names the file when it
// is missing or of another type, so a damaged file is bad input, not a crash.
template <class T>
const std::vector<T>& values_of(const DatasetGroup& group, const std::string& group_path,
                                const std::string& name, const std::string& path) {
  const auto* dataset = find_dataset(group, name);
  const auto* values = dataset ? std::get_if<std::vector<T>>(&dataset->values) : nullptr;
  if (!values)
    throw InputError(path + ": malformed results file: no " + group_path + "/" + name +
                     " of the expected type (see docs/output-format.md)");
  return *values;
}

template <class T>
std::optional<T> attribute_of(const DatasetGroup& group, const std::string& name) {
  for (const auto& [key, value] : group.attributes)
    if (key == name)
      if (const auto* v = std::get_if<T>(&value)) return *v;
  return std::nullopt;
}

// As attribute_of, but InputError naming the file when it is missing or of another type.
template <class T>
T required_attribute(const DatasetGroup& group, const std::string& group_path,
                     const std::string& name, const std::string& path) {
  if (const auto value = attribute_of<T>(group, name)) return *value;
  throw InputError(path + ": malformed results file: no attribute " + name + " of " + group_path +
                   " of the expected type (see docs/output-format.md)");
}

// Every dataset and attribute of either group, by name; `differing` lists those that are
// not in both or whose type, shape or values are not the same bit for bit (attributes
// named "NAME (attribute)"). Sub-groups are not compared.
struct GroupComparison {
  int compared = 0;
  std::vector<std::string> differing;
};
GroupComparison compare_groups(const DatasetGroup& stored, const DatasetGroup& fresh);
// The same, and every sub-group at any depth, by path ("firms/cash"); a sub-group in one
// only is listed as "NAME (group)".
GroupComparison compare_trees(const DatasetGroup& stored, const DatasetGroup& fresh);

}  // namespace clustersim::app
