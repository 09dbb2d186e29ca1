#pragma once
// Looking up a metric by name, with one error message for every command (`stress
// --metric`, `sweep --metric`, `compare --metrics`).
#include <string>
#include <vector>

#include "sim/metric_table.hpp"

namespace clustersim::app {

// The index of metric `name` in `metrics`, -1 when absent.
int find_metric(const std::vector<MetricInfo>& metrics, const std::string& name);

// The index of metric `name` in `metrics`. Throws InputError when absent:
// "OPTION NAME: unknown metric (did you mean "NEAR"?)", or, when no name is close,
// "OPTION NAME: unknown metric (expected one of A, B, ...)", the names sorted.
int metric_index(const std::vector<MetricInfo>& metrics, const std::string& name,
                 const std::string& option = "--metric");

// The column labelled `month` (YYYY-MM) among `labels`. Throws InputError:
// "OPTION MONTH: not a month of the scenario (expected FIRST to LAST)".
int month_column(const std::vector<std::string>& labels, const std::string& month,
                 const std::string& option);

}  // namespace clustersim::app
