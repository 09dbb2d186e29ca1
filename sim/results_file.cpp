#include "sim/results_file.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <H5Cpp.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>

#include "build_info.hpp"
#include "sim/diagnostics.hpp"
#include "sim/hdf5_text.hpp"
#include "sim/interrupt.hpp"

namespace clustersim {
namespace {

using detail::utf8_string_type;

void set_text(H5::H5Object& object, const std::string& name, const std::string& value) {
  const auto type = utf8_string_type();
  auto attribute = object.createAttribute(name, type, H5::DataSpace(H5S_SCALAR));
  attribute.write(type, value);
}

template <class T>
void set_number(H5::H5Object& object, const std::string& name, T value, const H5::PredType& type) {
  auto attribute = object.createAttribute(name, type, H5::DataSpace(H5S_SCALAR));
  attribute.write(type, &value);
}

void write_strings(H5::Group& group, const std::string& name,
                   const std::vector<std::string>& values) {
  std::vector<const char*> pointers;
  for (const auto& v : values) pointers.push_back(v.c_str());
  const hsize_t size = values.size();
  auto dataset = group.createDataSet(name, utf8_string_type(), H5::DataSpace(1, &size));
  if (!values.empty()) dataset.write(pointers.data(), utf8_string_type());
}

template <class T>
void write_array(H5::Group& group, const std::string& name, const std::vector<T>& values,
                 const H5::PredType& type, std::vector<hsize_t> dims = {}) {
  if (dims.empty()) dims = {values.size()};
  auto dataset = group.createDataSet(name, type, H5::DataSpace(int(dims.size()), dims.data()));
  if (!values.empty()) dataset.write(values.data(), type);
}

// Opens the group at an absolute or relative path, creating each missing level.
H5::Group open_or_create(H5::H5File& file, const std::string& path) {
  H5::Group group = file.openGroup("/");
  std::size_t start = path.starts_with('/') ? 1 : 0;
  while (start < path.size()) {
    const auto slash = path.find('/', start);
    const std::string name = path.substr(start, slash - start);
    group = group.nameExists(name) ? group.openGroup(name) : group.createGroup(name);
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return group;
}

void write_dataset(H5::Group& group, const Dataset& d) {
  const std::vector<hsize_t> dims(d.dims.begin(), d.dims.end());
  std::visit(
      [&](const auto& values) {
        using V = typename std::decay_t<decltype(values)>::value_type;
        if constexpr (std::is_same_v<V, std::string>) {
          write_strings(group, d.name, values);
        } else if constexpr (std::is_same_v<V, double>) {
          write_array(group, d.name, values, H5::PredType::NATIVE_DOUBLE, dims);
        } else if constexpr (std::is_same_v<V, std::int32_t>) {
          write_array(group, d.name, values, H5::PredType::NATIVE_INT32, dims);
        } else if constexpr (std::is_same_v<V, std::uint8_t>) {
          write_array(group, d.name, values, H5::PredType::NATIVE_UINT8, dims);
        } else {
          write_array(group, d.name, values, H5::PredType::NATIVE_INT8, dims);
        }
      },
      d.values);
  if (!d.units.empty()) {
    auto dataset = group.openDataSet(d.name);
    set_text(dataset, "units", d.units);
  }
}

void write_group_contents(H5::Group& group, const DatasetGroup& contents) {
  for (const auto& dataset : contents.datasets) write_dataset(group, dataset);
  for (const auto& [name, value] : contents.attributes) {
    std::visit(
        [&, &n = name](const auto& v) {
          using V = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<V, std::string>) set_text(group, n, v);
          if constexpr (std::is_same_v<V, double>)
            set_number(group, n, v, H5::PredType::NATIVE_DOUBLE);
          if constexpr (std::is_same_v<V, std::int32_t>)
            set_number(group, n, v, H5::PredType::NATIVE_INT);
        },
        value);
  }
  for (const auto& [name, child] : contents.children) {
    auto sub = group.nameExists(name) ? group.openGroup(name) : group.createGroup(name);
    write_group_contents(sub, child);
  }
}

}  // namespace

std::string utc_now_iso8601() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buffer;
}

std::vector<std::string> column_labels(const Calendar& calendar) {
  std::vector<std::string> labels;
  for (int t = 0; t <= calendar.months(); ++t)
    labels.push_back(calendar.start.plus(t - 1).to_string());
  return labels;
}

namespace {

namespace fs = std::filesystem;

// Runs an HDF5 action, turning its exceptions (which are not std::exceptions) into
// OutputError naming the file and what was being done.
template <class Action>
void guarded(const std::string& path, const std::string& what, Action action) {
  try {
    action();
  } catch (const H5::Exception& e) {
    throw OutputError(path + ": cannot " + what + " (" + e.getFuncName() + ": " + e.getDetailMsg() +
                      ")");
  }
}

}  // namespace

struct ResultsWriter::File {
  H5::H5File h5;
  std::vector<H5::DataSet> metrics;  // begun by begin_metrics, in the metrics' order
  int replications = 0, columns = 0;
};

ResultsWriter::ResultsWriter(std::string final_path, bool replace)
    : final_path_(std::move(final_path)), replace_(replace) {
  // Hidden name in the same folder, so the final rename stays on one file system.
  temporary_path_ = hidden_beside(final_path_, ".tmp-" + std::to_string(::getpid()));
  H5::Exception::dontPrint();
  guarded(final_path_, "create the temporary results file", [&] {
    file_ = std::make_unique<File>();
    file_->h5 = H5::H5File(temporary_path_, H5F_ACC_TRUNC);
  });
}

ResultsWriter::~ResultsWriter() {
  if (committed_) return;
  try {
    if (file_) {
      file_->metrics.clear();
      file_->h5.close();
    }
  } catch (...) {
  }
  std::error_code ignored;
  std::filesystem::remove(temporary_path_, ignored);
}

void ResultsWriter::write_header(const Provenance& p, const std::string& resolved_input,
                                 const std::vector<std::string>& labels) {
  const std::lock_guard lock(mutex_);
  guarded(final_path_, "write the header",
          [&] { write_header_unguarded(p, resolved_input, labels); });
}

void ResultsWriter::write_header_unguarded(const Provenance& p, const std::string& resolved_input,
                                           const std::vector<std::string>& labels) {
  auto& root = file_->h5;
  set_text(root, "schema", kSchemaName);
  set_number(root, "schema_version", kSchemaVersion, H5::PredType::NATIVE_INT);
  set_text(root, "program_version", build_info::version);
  set_text(root, "git_commit", build_info::git_commit);
  set_text(root, "build_type", build_info::build_type);
  set_text(root, "created_utc", p.created_utc);
  set_text(root, "command_line", p.command_line);
  set_number(root, "seed", static_cast<unsigned long long>(p.seed), H5::PredType::NATIVE_ULLONG);
  set_number(root, "replications", p.replications, H5::PredType::NATIVE_INT);
  set_number(root, "threads", p.threads, H5::PredType::NATIVE_INT);
  set_text(root, "scenario_name", p.scenario_name);

  const auto type = utf8_string_type();
  auto text = root.createDataSet("scenario", type, H5::DataSpace(H5S_SCALAR));
  text.write(resolved_input, type);
  set_text(text, "format", "TOML");

  auto time = root.createGroup("time");
  std::vector<int> index(labels.size());
  for (std::size_t t = 0; t < labels.size(); ++t) index[t] = int(t);
  write_array(time, "month_index", index, H5::PredType::NATIVE_INT);
  write_strings(time, "label", labels);
  root.createGroup("metrics");
  root.createGroup("snapshots");
}

void ResultsWriter::begin_metrics(const std::vector<MetricInfo>& metrics, int replications,
                                  int columns, int compression) {
  const std::lock_guard lock(mutex_);
  guarded(final_path_, "create the metrics",
          [&] { begin_metrics_unguarded(metrics, replications, columns, compression); });
}

void ResultsWriter::begin_metrics_unguarded(const std::vector<MetricInfo>& metrics,
                                            int replications, int columns, int compression) {
  auto group = file_->h5.openGroup("metrics");
  const hsize_t dims[2] = {hsize_t(replications), hsize_t(columns)};
  // One chunk per replication: each finished replication is one write per metric.
  H5::DSetCreatPropList properties;
  const hsize_t chunk[2] = {1, dims[1]};
  if (dims[0] > 0 && dims[1] > 0) {
    properties.setChunk(2, chunk);
    if (compression > 0) properties.setDeflate(static_cast<unsigned>(compression));
  }
  // Each chunk is written once, whole: no chunk cache (HDF5's default of 1 MB per open
  // dataset would hold about 150 MB for the cluster model's metrics).
  H5::DSetAccPropList access;
  access.setChunkCache(0, 0, 1.0);
  file_->metrics.clear();
  for (const auto& info : metrics) {
    auto dataset = group.createDataSet(info.name, H5::PredType::IEEE_F64LE, H5::DataSpace(2, dims),
                                       properties, access);
    set_text(dataset, "units", info.units);
    set_text(dataset, "description", info.description);
    set_text(dataset, "kind", std::string(name_of(kMetricKindNames, info.kind)));
    // The declared range (infinite when unbounded), so readers clip intervals as run does.
    set_number(dataset, "lower", info.range.lower, H5::PredType::NATIVE_DOUBLE);
    set_number(dataset, "upper", info.range.upper, H5::PredType::NATIVE_DOUBLE);
    file_->metrics.push_back(dataset);
  }
  file_->replications = replications;
  file_->columns = columns;
}

void ResultsWriter::write_replication(int replication, const ReplicationSeries& series) {
  const std::lock_guard lock(mutex_);
  guarded(final_path_, "write replication " + std::to_string(replication), [&] {
    if (series.metrics() != int(file_->metrics.size()) || series.columns() != file_->columns ||
        replication < 0 || replication >= file_->replications)
      throw OutputError(final_path_ + ": replication " + std::to_string(replication) +
                        " does not fit the metrics begun (a program error)");
    const hsize_t start[2] = {hsize_t(replication), 0}, count[2] = {1, hsize_t(series.columns())};
    const H5::DataSpace memory(2, count);
    for (int m = 0; m < series.metrics(); ++m) {
      // A row of a long calendar takes milliseconds to compress: a stop (or another
      // replication's failure) is honoured between metrics, not after all of them.
      throw_if_stopped();
      auto& dataset = file_->metrics[std::size_t(m)];
      H5::DataSpace space = dataset.getSpace();
      space.selectHyperslab(H5S_SELECT_SET, count, start);
      dataset.write(series.row(m), H5::PredType::NATIVE_DOUBLE, memory, space);
    }
  });
}

void ResultsWriter::write_metrics(const MetricTable& table, int compression) {
  begin_metrics(table.metrics(), table.replications(), table.columns(), compression);
  for (int r = 0; r < table.replications(); ++r) write_replication(r, table.replication(r));
}

void ResultsWriter::write_group(const std::string& path, const DatasetGroup& group) {
  const std::lock_guard lock(mutex_);
  guarded(final_path_, "write " + path, [&] {
    H5::Group target = open_or_create(file_->h5, path);
    write_group_contents(target, group);
  });
}

void ResultsWriter::commit() {
  const std::lock_guard lock(mutex_);
  throw_if_stopped();  // the last moment a stop can keep the results from appearing
  guarded(final_path_, "finish the temporary results file", [&] {
    file_->metrics.clear();  // an open dataset would keep the file open
    file_->h5.close();
  });
  // Without `replace`, a file that appeared at the target meanwhile is kept.
  const int flags = replace_ ? 0 : RENAME_NOREPLACE;
  int result = ::renameat2(AT_FDCWD, temporary_path_.c_str(), AT_FDCWD, final_path_.c_str(), flags);
  if (result != 0 && errno == EINVAL && !replace_) {
    // A file system without RENAME_NOREPLACE: check, then rename.
    std::error_code ignored;
    errno = EEXIST;
    if (!fs::exists(final_path_, ignored))
      result = ::rename(temporary_path_.c_str(), final_path_.c_str());
  }
  if (result != 0) {
    const int error = errno;
    if (error == EEXIST)
      throw OutputError(final_path_ +
                        ": appeared while this run was writing; not replaced "
                        "(add --force to replace it)");
    throw OutputError(final_path_ + ": cannot move the results from " + temporary_path_ +
                      " into place (" + std::strerror(error) + ")");
  }
  committed_ = true;
}

}  // namespace clustersim
