#pragma once
// HDF5 results files (layout in docs/output-format.md). The writer works on a
// temporary file beside the target and renames it only when complete, so the
// final name never holds a partial file.
#include <cstdint>
#include <map>
#include <memory>
#include <stdexcept>
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

// Checks, before any work, that `path` can take a new results file: not empty, not a
// folder, its folder exists, it is none of `inputs` (never, even when `overwrite`), and
// it does not exist unless `overwrite`. Throws InputError naming `option` (e.g. "-o/--output").
void check_output_path(const std::string& path, const std::vector<std::string>& inputs,
                       bool overwrite, const std::string& option);

// Excludes other clustersim processes from writing the same results path while it lives:
// holds an advisory lock (flock) on ".NAME.lock" beside the target, removed on release.
// A lock left by a killed process is not held, so it is taken over. Throws InputError
// when another live process holds it.
class OutputLock {
 public:
  explicit OutputLock(const std::string& path);
  ~OutputLock();
  OutputLock(const OutputLock&) = delete;
  OutputLock& operator=(const OutputLock&) = delete;
  const std::string& lock_path() const { return lock_path_; }

 private:
  std::string lock_path_;
  int fd_ = -1;
};

// Removes ".NAME.tmp-PID" files beside `path` whose process no longer runs (left by
// kill -9 or an out-of-memory kill). Returns how many were removed.
int remove_stale_temporaries(const std::string& path);

// The writer's failures (HDF5 errors, a full disk, a failed rename) are thrown as
// OutputError, a std::runtime_error naming the file (exit code 1).
class OutputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

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
  void write_metrics(const MetricTable& table, int compression);
  // Writes `group` at `path` ("/stress", "/snapshots/2022-12/replication_0"), creating
  // missing parent groups.
  void write_group(const std::string& path, const DatasetGroup& group);
  void commit();

 private:
  void write_header_unguarded(const Provenance& provenance, const std::string& resolved_input,
                              const std::vector<std::string>& labels);
  void write_metrics_unguarded(const MetricTable& table, int compression);
  struct File;
  std::string final_path_, temporary_path_;
  std::unique_ptr<File> file_;
  bool replace_ = true;
  bool committed_ = false;
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

}  // namespace clustersim
