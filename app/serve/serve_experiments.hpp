#pragma once
// What the page computes beyond one ensemble: summaries of a table for the charts,
// a variant against the baseline on the same seeds (as `clustersim compare`), and a
// small grid over one or two levers as tidy CSV (one row per value).
#include <atomic>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "models/cluster_model.hpp"
#include "models/experiment_runs.hpp"

namespace clustersim::app {

// Mean and 95% interval over replications per column 0 .. last, for each metric named.
// Unknown names are skipped (the page only asks for listed ones).
nlohmann::json series_json(const MetricTable& table, const std::vector<std::string>& metrics,
                           int last);

// B - A per metric at the last month, paired by replication when both ran with the same
// seed and replications (more than one), else Welch's interval; and the difference per
// month for the charts.
nlohmann::json compare_tables(const MetricTable& a, const MetricTable& b,
                              const std::vector<std::string>& metrics, bool paired);

struct GridPoint {
  std::vector<std::pair<std::string, std::string>> settings;  // key, value as typed
  Scenario scenario;
};

// Runs every point through the experiments runner and writes tidy CSV: point, each
// lever key, replication, month, metric, value. `on_run` is told the runs done.
std::string run_grid(const std::vector<GridPoint>& points, const std::vector<std::string>& metrics,
                     const std::atomic<bool>* stop, const std::function<void(long, long)>& on_run);

}  // namespace clustersim::app
