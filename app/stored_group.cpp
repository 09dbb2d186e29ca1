#include "app/stored_group.hpp"

#include <cstring>
#include <map>
#include <type_traits>

namespace clustersim::app {
namespace {

// Numbers compare by their bytes, so NaN matches NaN and -0 does not match 0.
template <class T>
bool same_bits(const std::vector<T>& a, const std::vector<T>& b) {
  if constexpr (std::is_arithmetic_v<T>)
    return a.size() == b.size() &&
           (a.empty() || std::memcmp(a.data(), b.data(), sizeof(T) * a.size()) == 0);
  else
    return a == b;
}

// One dimension, the number of values, when a dataset names none.
std::vector<std::uint64_t> shape_of(const Dataset& dataset) {
  if (!dataset.dims.empty()) return dataset.dims;
  return {
      std::visit([](const auto& values) { return std::uint64_t(values.size()); }, dataset.values)};
}

bool same(const Dataset& a, const Dataset& b) {
  if (a.values.index() != b.values.index() || shape_of(a) != shape_of(b) || a.units != b.units)
    return false;
  return std::visit(
      [&](const auto& values) {
        return same_bits(values, std::get<std::decay_t<decltype(values)>>(b.values));
      },
      a.values);
}

bool same(const AttributeValue& a, const AttributeValue& b) {
  if (a.index() != b.index()) return false;
  if (const auto* x = std::get_if<double>(&a))
    return std::memcmp(x, &std::get<double>(b), sizeof(double)) == 0;
  return a == b;
}

// Each name of `stored` and of `fresh`: whether both have it and it is the same.
template <class T, class Name, class Same>
void compare_named(const std::vector<T>& stored, const std::vector<T>& fresh, Name name, Same same,
                   const std::string& suffix, GroupComparison& out) {
  std::map<std::string, std::pair<const T*, const T*>> both;
  for (const auto& item : stored) both[name(item)].first = &item;
  for (const auto& item : fresh) both[name(item)].second = &item;
  for (const auto& [key, pair] : both) {
    ++out.compared;
    if (!pair.first || !pair.second || !same(*pair.first, *pair.second))
      out.differing.push_back(key + suffix);
  }
}

}  // namespace

const Dataset* find_dataset(const DatasetGroup& group, const std::string& name) {
  for (const auto& dataset : group.datasets)
    if (dataset.name == name) return &dataset;
  return nullptr;
}

GroupComparison compare_groups(const DatasetGroup& stored, const DatasetGroup& fresh) {
  GroupComparison out;
  compare_named(
      stored.datasets, fresh.datasets, [](const Dataset& d) { return d.name; },
      [](const Dataset& a, const Dataset& b) { return same(a, b); }, "", out);
  using Attribute = std::pair<std::string, AttributeValue>;
  compare_named(
      stored.attributes, fresh.attributes, [](const Attribute& a) { return a.first; },
      [](const Attribute& a, const Attribute& b) { return same(a.second, b.second); },
      " (attribute)", out);
  return out;
}

GroupComparison compare_trees(const DatasetGroup& stored, const DatasetGroup& fresh) {
  GroupComparison out = compare_groups(stored, fresh);
  const auto child = [](const DatasetGroup& g, const std::string& name) -> const DatasetGroup* {
    for (const auto& c : g.children)
      if (c.name == name) return &c.group;
    return nullptr;
  };
  for (const auto& c : stored.children) {
    const DatasetGroup* other = child(fresh, c.name);
    if (!other) {
      out.differing.push_back(c.name + " (group)");
      continue;
    }
    const auto below = compare_trees(c.group, *other);
    out.compared += below.compared;
    for (const auto& name : below.differing) out.differing.push_back(c.name + "/" + name);
  }
  for (const auto& c : fresh.children)
    if (!child(stored, c.name)) out.differing.push_back(c.name + " (group)");
  return out;
}

}  // namespace clustersim::app
