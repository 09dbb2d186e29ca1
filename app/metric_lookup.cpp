#include "app/metric_lookup.hpp"

#include <algorithm>

#include "app/options.hpp"
#include "sim/diagnostics.hpp"

namespace clustersim::app {

int find_metric(const std::vector<MetricInfo>& metrics, const std::string& name) {
  for (std::size_t m = 0; m < metrics.size(); ++m)
    if (metrics[m].name == name) return int(m);
  return -1;
}

int metric_index(const std::vector<MetricInfo>& metrics, const std::string& name,
                 const std::string& option) {
  if (const int index = find_metric(metrics, name); index >= 0) return index;
  std::vector<std::string> names;
  for (const auto& info : metrics) names.push_back(info.name);
  std::sort(names.begin(), names.end());  // the same list whatever order they came in
  const auto hint = did_you_mean(name, names);
  if (!hint.empty()) throw InputError(option + " " + name + ": unknown metric (" + hint + ")");
  // A word of a name ("innovations") is too far from the names that hold it for a
  // suggestion, and the whole list is long: name those that hold it.
  std::vector<std::string> holding;
  for (const auto& known_name : names)
    if (!name.empty() && known_name.find(name) != std::string::npos) holding.push_back(known_name);
  const auto& listed = holding.empty() || holding.size() > 12 ? names : holding;
  std::string known;
  for (const auto& known_name : listed) known += (known.empty() ? "" : ", ") + known_name;
  throw InputError(option + " " + name + ": unknown metric (" +
                   (&listed == &names
                        ? "expected one of " + known
                        : "did you mean one of " + known + "? " + std::to_string(names.size()) +
                              " metrics in all, listed in docs/model.md, section Observation") +
                   ")");
}

int month_column(const std::vector<std::string>& labels, const std::string& month,
                 const std::string& option) {
  const auto it = std::find(labels.begin(), labels.end(), month);
  if (it == labels.end())
    throw InputError(option + " " + month + ": not a month of the scenario (expected " +
                     labels.front() + " to " + labels.back() + ")");
  return int(it - labels.begin());
}

}  // namespace clustersim::app
