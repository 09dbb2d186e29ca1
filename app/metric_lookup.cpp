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
  // A word of several names ("innovations", "knowledge") names them all: a suggestion of
  // one would be a guess, and the whole list is long.
  std::vector<std::string> holding;
  for (const auto& known_name : names)
    if (!name.empty() && known_name.find(name) != std::string::npos) holding.push_back(known_name);
  const auto unknown = option + " " + name + ": unknown metric (";
  if (holding.size() < 2)
    if (const auto hint = did_you_mean(name, names); !hint.empty())
      throw InputError(unknown + hint + ")");
  if (holding.size() == 1) throw InputError(unknown + "did you mean \"" + holding[0] + "\"?)");
  std::string known;
  const bool all = holding.empty() || holding.size() > 12;
  for (const auto& known_name : all ? names : holding)
    known += (known.empty() ? "" : ", ") + known_name;
  if (all) throw InputError(unknown + "expected one of " + known + ")");
  throw InputError(unknown + "did you mean one of " + known + "? " + std::to_string(names.size()) +
                   " metrics in all, listed in docs/model.md, section Observation)");
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
