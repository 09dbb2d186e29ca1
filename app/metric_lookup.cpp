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
  std::string known;
  for (const auto& known_name : names) known += (known.empty() ? "" : ", ") + known_name;
  const auto hint = did_you_mean(name, names);
  throw InputError(option + " " + name + ": unknown metric (" +
                   (hint.empty() ? "expected one of " + known : hint) + ")");
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
