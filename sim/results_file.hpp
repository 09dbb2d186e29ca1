#pragma once
// HDF5 results files (layout in docs/output-format.md). The writer works on a
// temporary file beside the target and renames it only when complete, so the
// final name never holds a partial file.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "sim/simulation.hpp"

namespace clustersim {

inline constexpr const char* kSchemaName = "clustersim";
inline constexpr int kSchemaVersion = 1;

struct Provenance {
  std::string command_line;
  std::string created_utc;  // ISO 8601
  std::uint64_t seed = 0;
  int replications = 0;
  int threads = 0;
};

std::string utc_now_iso8601();
// Labels of the columns of every metric: column 0 is the initial state (labelled
// with the month before the start), column t the state at the end of month t.
std::vector<std::string> column_labels(const Calendar& calendar);

// The /stress group written by `clustersim stress` (docs/output-format.md).
struct StressRecord {
  std::string key, metric, direction;  // direction: "below" or "above"
  double threshold = 0, low = 0, high = 0, tolerance = 0;
  int within = 0, points = 0, refine = 0;
  double estimate = 0, mean = 0, ci_low = 0, ci_high = 0;  // NaN when undefined
  int censored = 0, at_low = 0, non_monotone = 0;
  int replications = 0;
  std::vector<double> shock, crossing_share;  // (values)
  std::vector<std::uint8_t> crossed;          // (replications, values), row-major
  std::vector<std::int8_t> observed;          // (replications, values): 1, 0, -1 not run
  std::vector<double> breaking_point;         // (replications), NaN when censored
};

// One-at-a-time sensitivity of a metric to scenario keys (`clustersim sweep`).
struct SweepRecord {
  std::string metric, label;  // label: the column compared (YYYY-MM)
  int replications = 0;
  std::vector<std::string> keys;
  std::vector<double> low, high;                        // (keys)
  std::vector<double> baseline;                         // (replications)
  std::vector<double> at_low, at_high;                  // (keys, replications), row-major
  std::vector<double> effect, effect_low, effect_high;  // (keys): high - low, 95% interval
};

class ResultsWriter {
 public:
  explicit ResultsWriter(std::string final_path);
  ~ResultsWriter();  // removes the temporary file unless commit() succeeded
  ResultsWriter(const ResultsWriter&) = delete;
  ResultsWriter& operator=(const ResultsWriter&) = delete;

  const std::string& temporary_path() const { return temporary_path_; }
  void write_header(const Provenance& provenance, const Scenario& scenario,
                    const std::string& resolved_toml);
  void write_snapshot(const World& world, const std::string& label);
  void write_metrics(const MetricTable& table, int compression);
  void write_stress(const StressRecord& record);
  void write_sweep(const SweepRecord& record);
  void commit();

 private:
  struct File;
  std::string final_path_, temporary_path_;
  std::unique_ptr<File> file_;
  bool committed_ = false;
};

struct ResultsData {
  std::map<std::string, std::string> attributes;  // every root attribute, as text
  std::string scenario_toml;
  std::vector<std::string> labels;
  MetricTable metrics;
};

// Throws InputError when the file is missing or not a clustersim results file.
ResultsData read_results(const std::string& path);

}  // namespace clustersim
