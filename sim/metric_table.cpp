#include "sim/metric_table.hpp"

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

void MetricTable::set_replication(int replication, const ReplicationSeries& series) {
  for (int m = 0; m < series.metrics(); ++m)
    for (int t = 0; t < series.columns(); ++t) at(m, replication, t) = series.at(m, t);
}

ReplicationSeries MetricTable::replication(int replication) const {
  ReplicationSeries series(int(metrics_.size()), columns_);
  for (int m = 0; m < series.metrics(); ++m)
    for (int t = 0; t < columns_; ++t) series.at(m, t) = at(m, replication, t);
  return series;
}

int MetricTable::index_of(const std::string& name) const {
  for (std::size_t i = 0; i < metrics_.size(); ++i)
    if (metrics_[i].name == name) return static_cast<int>(i);
  return -1;
}

}  // namespace clustersim
