#include "sim/simulation.hpp"

#include <algorithm>

namespace clustersim {

MetricTable::MetricTable(std::vector<MetricInfo> metrics, int replications, int columns)
    : metrics_(std::move(metrics)),
      replications_(replications),
      columns_(columns),
      values_(metrics_.size() * std::size_t(replications) * std::size_t(columns), 0.0) {}

double& MetricTable::at(int metric, int replication, int t) {
  return values_[(std::size_t(metric) * replications_ + replication) * columns_ + t];
}

double MetricTable::at(int metric, int replication, int t) const {
  return values_[(std::size_t(metric) * replications_ + replication) * columns_ + t];
}

const double* MetricTable::series(int metric) const {
  return values_.data() + std::size_t(metric) * replications_ * columns_;
}

int MetricTable::index_of(const std::string& name) const {
  for (std::size_t i = 0; i < metrics_.size(); ++i)
    if (metrics_[i].name == name) return static_cast<int>(i);
  return -1;
}

void step_month(const ModelDefinition& model, World& world) {
  world.month = MonthTotals{};
  for (const auto& phase : model.phases) phase.run(world);
  ++world.step;
  world.date = world.date.plus(1);
}

MetricTable run_ensemble(const Scenario& scenario, const ModelDefinition& model,
                         const RunOptions& options) {
  const int months = scenario.calendar.months();
  const int replications = scenario.replications;
  MetricTable table(model.metrics, replications, months + 1);
  std::vector<double> row(model.metrics.size());
  const long total = long(replications) * months;
  long done = 0;
  for (int r = 0; r < replications; ++r) {
    World world = model.build(scenario, static_cast<std::uint32_t>(r));
    auto record = [&](int t) {
      model.record(world, row.data());
      for (std::size_t m = 0; m < row.size(); ++m) table.at(int(m), r, t) = row[m];
      if (options.on_record) options.on_record(world, t);
    };
    record(0);
    for (int t = 1; t <= months; ++t) {
      if (options.stop && options.stop->load()) throw Interrupted{};
      step_month(model, world);
      record(t);
      if (options.on_progress) options.on_progress(++done, total);
    }
  }
  return table;
}

}  // namespace clustersim
