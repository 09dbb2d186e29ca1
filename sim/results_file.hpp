#pragma once
// HDF5 results files (layout in docs/output-format.md). The writer works on a
// temporary file beside the target and renames it only when complete, so the
// final name never holds a partial file.
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/calendar.hpp"
#include "sim/dataset.hpp"
#include "sim/metric_table.hpp"
#include "sim/output_path.hpp"

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

// The writer's failures (HDF5 errors, a full disk, a failed rename) are thrown as
// OutputError, a std::runtime_error naming the file (exit code 1).
class OutputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Every method may be called from any thread; calls are serialised.
class ResultsWriter {
 public:
  // `replace`: commit() may replace an existing file at final_path (--force); otherwise
  // commit() fails rather than overwrite a file that appeared meanwhile.
  explicit ResultsWriter(std::string final_path, bool replace = true);
  ~ResultsWriter();  // removes the temporary file unless commit() succeeded
  ResultsWriter(const ResultsWriter&) = delete;
  ResultsWriter& operator=(const ResultsWriter&) = delete;

  const std::string& temporary_path() const { return temporary_path_; }
  // Root attributes, /scenario (the resolved input) and /time (column labels).
  void write_header(const Provenance& provenance, const std::string& resolved_input,
                    const std::vector<std::string>& labels);
  // Creates every metric's dataset, replications x columns, for write_replication to
  // fill as replications finish (in any order), so no table of all replications is held.
  void begin_metrics(const std::vector<MetricInfo>& metrics, int replications, int columns,
                     int compression);
  void write_replication(int replication, const ReplicationSeries& series);
  // begin_metrics, then every replication of `table`.
  void write_metrics(const MetricTable& table, int compression);
  // Writes `group` at `path` ("/stress", "/snapshots/2022-12/replication_0"), creating
  // missing parent groups.
  void write_group(const std::string& path, const DatasetGroup& group);
  void commit();

 private:
  void write_header_unguarded(const Provenance& provenance, const std::string& resolved_input,
                              const std::vector<std::string>& labels);
  void begin_metrics_unguarded(const std::vector<MetricInfo>& metrics, int replications,
                               int columns, int compression);
  struct File;
  std::string final_path_, temporary_path_;
  std::unique_ptr<File> file_;
  bool replace_ = true;
  bool committed_ = false;
  std::mutex mutex_;  // writes come from the threads that finish replications
};

struct ResultsData {
  std::map<std::string, std::string> attributes;  // every root attribute, as text
  std::string scenario_toml;
  std::vector<std::string> labels;
  MetricTable metrics;
};

// Throws InputError when the file is missing or not a clustersim results file, or when
// its datasets do not have the shapes the format prescribes (docs/output-format.md).
ResultsData read_results(const std::string& path);

// The group at `group_path` ("/stress", "/design") of a results file, as write_group
// stored it: datasets (float64, int32, uint8, int8 or strings; other integer widths are
// read as int32), scalar attributes and sub-groups. nullopt when the file has no such
// group. Throws InputError as read_results does.
std::optional<DatasetGroup> read_group(const std::string& path, const std::string& group_path);

}  // namespace clustersim
