#include "app/report.hpp"

#include <cstdio>

#include "analysis/summary.hpp"

namespace clustersim::app {

void print_final_table(std::ostream& out, const MetricTable& table,
                       const std::vector<std::string>& names) {
  std::vector<int> rows;
  if (names.empty()) {
    for (int m = 0; m < int(table.metrics().size()); ++m) rows.push_back(m);
  } else {
    for (const auto& name : names)
      if (int m = table.index_of(name); m >= 0) rows.push_back(m);
  }
  char line[256];
  std::snprintf(line, sizeof line, "%-30s %14s  %-31s %s\n", "metric (final month)", "mean",
                "95% interval (t, in range)", "units");
  out << line;
  const int last = table.columns() - 1;
  for (int m : rows) {
    const auto ci = column_interval(table, m, last);  // clipped to the declared range
    const auto& info = table.metrics()[std::size_t(m)];
    if (table.replications() >= 2)
      std::snprintf(line, sizeof line, "%-30s %14.4g  [%13.4g, %13.4g]  %s\n", info.name.c_str(),
                    ci.mean, ci.low, ci.high, info.units.c_str());
    else  // one replication has no spread to build an interval from
      std::snprintf(line, sizeof line, "%-30s %14.4g  %-31s %s\n", info.name.c_str(), ci.mean,
                    "n/a (1 replication)", info.units.c_str());
    out << line;
  }
}

}  // namespace clustersim::app
