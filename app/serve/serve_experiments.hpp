#pragma once
// What the page computes beyond one ensemble: summaries of a table for the charts,
// a variant against the baseline on the same seeds (as `clustersim compare`), a small
// grid over one or two levers (tidy CSV, and the last month's means and intervals for
// its plot), and the Morris screening of `clustersim sensitivity --method morris`.
// Every number the page plots is computed here, by the analysis layer, not in the page.
#include <atomic>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/sensitivity.hpp"
#include "app/serve/serve_scenarios.hpp"
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

struct GridResult {
  std::string csv;      // point, each lever key, replication, month, metric, value
  nlohmann::json plot;  // see grid_plot
};

// Runs every point through the experiments runner (run_scenarios). `on_run` is told
// the runs done.
GridResult run_grid(const std::vector<GridPoint>& points, const std::vector<std::string>& metrics,
                    const std::atomic<bool>* stop, const std::function<void(long, long)>& on_run);

// The grid at the last month for the page's plot: per metric, one line per value of the
// second lever (one line with one lever), its points at the first lever's values, each
// the mean over replications with its 95% interval (column_interval). `tables[p]` is
// point p's. The points are a full factorial, the last lever varying fastest.
nlohmann::json grid_plot(const std::vector<GridPoint>& points,
                         const std::vector<MetricTable>& tables,
                         const std::vector<std::string>& metrics);

// ---- Morris screening (`clustersim sensitivity --method morris`) ----

struct MorrisRequest {
  struct Lever {
    std::string key;
    std::string low, high;  // as typed
  };
  std::vector<Lever> levers;
  std::string metric;
  int trajectories = 4;
};

// What the page allows a screening to cost.
struct MorrisLimits {
  long max_runs = 400;  // design points x replications
  double max_size = 0;  // firm-months over all points; 0: no limit
  int max_trajectories = 50;
};

// The screening, checked and ready to run: every point loaded.
struct MorrisPlan {
  std::vector<ParameterRange> ranges;
  std::vector<std::string> labels;  // the levers' names on the page
  MorrisOptions options;
  Design design;
  std::vector<Scenario> points;  // design rows as scenarios
  int metric = 0;
  std::string metric_name, units, month;
  int replications = 1;
  long runs() const { return long(points.size()) * replications; }
};

// Checks the request against the base scenario (the session's input, levers as set):
// every key one of the page's numeric levers, once; low < high, both values the key
// takes; a known metric; trajectories 2 .. max; runs and size within the limits. Then
// draws the Morris design (seeded by the scenario's seed, 4 levels, as the CLI) and
// loads every point. Throws InputError saying what to change.
MorrisPlan plan_morris(const ScenarioCatalog& catalog, const ScenarioInput& base,
                       const MorrisRequest& request, const MorrisLimits& limits);

// Runs every point's replications through the experiments runner (run_experiment) and
// returns mu*, mu and sigma per lever, ranked by mu*, with the noise share.
nlohmann::json run_morris(const MorrisPlan& plan, const std::atomic<bool>* stop,
                          const std::function<void(long, long)>& on_run);

}  // namespace clustersim::app
