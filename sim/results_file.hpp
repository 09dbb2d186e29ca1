#pragma once
// HDF5 results files (layout in docs/output-format.md). The writer works on a
// temporary file beside the target and renames it only when complete, so the
// final name never holds a partial file.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "sim/calendar.hpp"
#include "sim/dataset.hpp"
#include "sim/metric_table.hpp"

namespace clustersim {

inline constexpr const char* kSchemaName = "clustersim";
inline constexpr int kSchemaVersion = 1;

struct Provenance {
  std::string scenario_name;
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

class ResultsWriter {
 public:
  explicit ResultsWriter(std::string final_path);
  ~ResultsWriter();  // removes the temporary file unless commit() succeeded
  ResultsWriter(const ResultsWriter&) = delete;
  ResultsWriter& operator=(const ResultsWriter&) = delete;

  const std::string& temporary_path() const { return temporary_path_; }
  // Root attributes, /scenario (the resolved input) and /time (column labels).
  void write_header(const Provenance& provenance, const std::string& resolved_input,
                    const std::vector<std::string>& labels);
  void write_metrics(const MetricTable& table, int compression);
  // Writes `group` at `path` ("/stress", "/snapshots/2022-12/replication_0"), creating
  // missing parent groups.
  void write_group(const std::string& path, const DatasetGroup& group);
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
