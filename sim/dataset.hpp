#pragma once
// A group of named arrays and attributes, as the results writer stores them. Models
// and analyses describe what they want written (snapshots, stress curves, sweeps)
// with these; the writer knows nothing of what the arrays mean.
#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace clustersim {

using DatasetValues =
    std::variant<std::vector<double>, std::vector<std::int32_t>, std::vector<std::uint8_t>,
                 std::vector<std::int8_t>, std::vector<std::string>>;

struct Dataset {
  std::string name;
  DatasetValues values;
  std::vector<std::uint64_t> dims;  // empty: one dimension, the number of values
  std::string units;                // written as the `units` attribute when not empty
};

using AttributeValue = std::variant<std::string, double, std::int32_t>;

struct NamedDatasetGroup;

struct DatasetGroup {
  std::vector<Dataset> datasets;
  std::vector<std::pair<std::string, AttributeValue>> attributes;
  // Sub-groups. Not pairs: clang with libstdc++ cannot check std::pair's constructors
  // while DatasetGroup is still incomplete.
  std::vector<NamedDatasetGroup> children;

  template <class T>
  void add(std::string name, std::vector<T> values, std::string units = {},
           std::vector<std::uint64_t> dims = {}) {
    datasets.push_back({std::move(name), std::move(values), std::move(dims), std::move(units)});
  }
  void attribute(std::string name, AttributeValue value) {
    attributes.emplace_back(std::move(name), std::move(value));
  }
};

struct NamedDatasetGroup {
  NamedDatasetGroup(std::string name_, DatasetGroup group_)
      : name(std::move(name_)), group(std::move(group_)) {}
  std::string name;
  DatasetGroup group;
};

}  // namespace clustersim
