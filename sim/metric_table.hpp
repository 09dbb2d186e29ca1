#pragma once
// Metric declarations and the table of their values over replications and months.
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "sim/enum_names.hpp"

namespace clustersim {

// How a metric accumulates over time, so readers know whether to sum or difference it.
enum class MetricKind : std::uint8_t {
  stock = 0,       // a level at the end of the month (a population, a balance)
  flow = 1,        // an amount during the month (sales this month)
  cumulative = 2,  // a running total since the start
};

inline constexpr NameTable<MetricKind, 3> kMetricKindNames{{
    {MetricKind::stock, "stock"},
    {MetricKind::flow, "flow"},
    {MetricKind::cumulative, "cumulative"},
}};

// The values a metric can take, declared with the metric: intervals over replications
// are clipped to it (a share's stays in [0, 1]) and tests check every value against it.
struct MetricRange {
  double lower = -std::numeric_limits<double>::infinity();
  double upper = std::numeric_limits<double>::infinity();

  static constexpr MetricRange any() { return {}; }
  static constexpr MetricRange share() { return {0.0, 1.0}; }
  static constexpr MetricRange nonnegative() {
    return {0.0, std::numeric_limits<double>::infinity()};
  }
  bool contains(double value) const { return value >= lower && value <= upper; }
  bool operator==(const MetricRange&) const = default;
};

struct MetricInfo {
  std::string name;  // snake_case, stable across versions
  std::string units;
  std::string description;
  MetricKind kind = MetricKind::stock;
  MetricRange range;  // unbounded unless declared
};

// One replication's values of every metric: [metric][t], t = 0 the initial state. The
// engine hands each finished replication over in one of these, so a results file can
// take it at once and the ensemble need not keep every replication in memory.
class ReplicationSeries {
 public:
  ReplicationSeries(int metrics, int columns)
      : metrics_(metrics), columns_(columns), values_(std::size_t(metrics) * columns, 0.0) {}
  int metrics() const { return metrics_; }
  int columns() const { return columns_; }
  double& at(int metric, int t) { return values_[std::size_t(metric) * columns_ + t]; }
  double at(int metric, int t) const { return values_[std::size_t(metric) * columns_ + t]; }
  const double* row(int metric) const { return values_.data() + std::size_t(metric) * columns_; }

 private:
  int metrics_, columns_;
  std::vector<double> values_;
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
  const double* series(int metric) const;  // replications x columns, row-major
  // Copies `series` into replication `replication`'s rows (its shape must match).
  void set_replication(int replication, const ReplicationSeries& series);
  // Replication `replication`'s rows as a series.
  ReplicationSeries replication(int replication) const;
  int index_of(const std::string& name) const;  // -1 when absent

 private:
  std::vector<MetricInfo> metrics_;
  int replications_ = 0, columns_ = 0;
  std::vector<double> values_;
};

}  // namespace clustersim
