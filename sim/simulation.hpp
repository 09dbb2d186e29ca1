#pragma once
// The engine: a model is a fixed sequence of named phases plus a recorder; the
// runner steps replications month by month and hands each recorded row to the
// caller. Output and reporting are not the engine's business.
#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "sim/world.hpp"

namespace clustersim {

struct Phase {
  std::string name;
  std::function<void(World&)> run;
};

struct MetricInfo {
  std::string name;  // snake_case, stable across versions
  std::string units;
  std::string description;
};

struct ModelDefinition {
  std::function<World(const Scenario&, std::uint32_t replication)> build;
  std::vector<Phase> phases;  // run in this order every month
  std::vector<MetricInfo> metrics;
  // Writes one value per metric, in `metrics` order. Called for the initial state and
  // after every month.
  std::function<void(const World&, double* row)> record;
};

// Values of every metric: [metric][replication][t], t = 0 the initial state.
class MetricTable {
 public:
  MetricTable() = default;
  MetricTable(std::vector<MetricInfo> metrics, int replications, int columns);
  const std::vector<MetricInfo>& metrics() const { return metrics_; }
  int replications() const { return replications_; }
  int columns() const { return columns_; }
  double& at(int metric, int replication, int t);
  double at(int metric, int replication, int t) const;
  const double* series(int metric) const;       // replications x columns, row-major
  int index_of(const std::string& name) const;  // -1 when absent

 private:
  std::vector<MetricInfo> metrics_;
  int replications_ = 0, columns_ = 0;
  std::vector<double> values_;
};

// Thrown when a run is stopped by SIGINT or SIGTERM.
struct Interrupted {};

struct RunOptions {
  // Called after each recorded column (t = 0 initial, t = m after month m).
  std::function<void(const World&, int t)> on_record;
  std::function<void(long done, long total)> on_progress;
  const std::atomic<bool>* stop = nullptr;
};

void step_month(const ModelDefinition& model, World& world);

MetricTable run_ensemble(const Scenario& scenario, const ModelDefinition& model,
                         const RunOptions& options = {});

}  // namespace clustersim
