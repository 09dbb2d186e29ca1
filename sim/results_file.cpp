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

bool same_file(const fs::path& a, const fs::path& b) {
  std::error_code error;
  return fs::equivalent(a, b, error) && !error;
}

std::string hidden_beside(const fs::path& target, const std::string& suffix) {
  std::string name(".");
  name.append(target.filename().string()).append(suffix);
  return (target.parent_path() / name).string();
}

}  // namespace

void check_output_path(const std::string& path, const std::vector<std::string>& inputs,
                       bool overwrite, const std::string& option) {
  const auto fail = [&](const std::string& why) {
    return InputError(option + " '" + path + "': " + why);
  };
  if (path.empty()) throw fail("empty file name (expected a results file such as out/run.h5)");
  const fs::path target(path);
  std::error_code error;
  if (fs::is_directory(target, error))
    throw fail("is a folder (expected a file name, e.g. " + (target / "results.h5").string() + ")");
  if (target.filename().empty() || target.filename() == "." || target.filename() == "..")
    throw fail("names a folder (expected a file name)");
  const fs::path folder = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  if (!fs::is_directory(folder, error))
    throw fail("folder does not exist (expected an existing folder; create it first)");
  if (::access(folder.c_str(), W_OK | X_OK) != 0)
    throw fail("folder is not writable (expected a folder you can write to)");
  for (const auto& input : inputs)
    if (same_file(target, input))
      throw fail("is an input of this command (" + input +
                 "); results never replace an input, even with --force");
  const auto status = fs::status(target, error);
  if (fs::exists(status)) {
    if (!fs::is_regular_file(status))
      throw fail("exists and is not a regular file (expected a new file name)");
    if (!overwrite)
      throw fail("already exists (expected a new file name; add --force to replace it)");
  }
}

OutputLock::OutputLock(const std::string& path)
    : lock_path_(hidden_beside(fs::path(path), ".lock")) {
  for (int attempt = 0; attempt < 10; ++attempt) {
    const int fd = ::open(lock_path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
      throw InputError("-o/--output '" + path + "': cannot create the lock file " + lock_path_ +
                       " (" + std::strerror(errno) + ")");
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      ::close(fd);
      throw InputError("-o/--output '" + path +
                       "': another clustersim process is writing this file (lock " + lock_path_ +
                       " is held); wait for it to finish or choose another output");
    }
    // The holder before us may have removed the file after we opened it: lock the file
    // that is at the path now.
    struct stat held {
    }, current{};
    if (::fstat(fd, &held) == 0 && ::stat(lock_path_.c_str(), &current) == 0 &&
        held.st_ino == current.st_ino && held.st_dev == current.st_dev) {
      fd_ = fd;
      const std::string pid = std::to_string(::getpid()) + "\n";
      if (::ftruncate(fd, 0) == 0 && ::write(fd, pid.data(), pid.size()) < 0) {
      }
      return;
    }
    ::close(fd);
  }
  throw InputError("-o/--output '" + path + "': cannot take the lock " + lock_path_);
}

OutputLock::~OutputLock() {
  if (fd_ < 0) return;
  ::unlink(lock_path_.c_str());  // while still holding it, so no one locks a removed file
  ::close(fd_);
}

int remove_stale_temporaries(const std::string& path) {
  const fs::path target(path);
  const fs::path folder = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  std::string prefix(".");
  prefix.append(target.filename().string()).append(".tmp-");
  int removed = 0;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(folder, error)) {
    const std::string name = entry.path().filename().string();
    if (!name.starts_with(prefix)) continue;
    const std::string digits = name.substr(prefix.size());
    if (digits.empty() || digits.size() > 9 ||
        digits.find_first_not_of("0123456789") != std::string::npos)
      continue;
    const long pid = std::stol(digits);
    if (pid <= 0 || pid == ::getpid()) continue;
    if (::kill(pid_t(pid), 0) == 0 || errno != ESRCH) continue;  // alive (or not ours to judge)
    std::error_code ignored;
    if (fs::remove(entry.path(), ignored)) ++removed;
  }
  return removed;
}

struct ResultsWriter::File {
  H5::H5File h5;
};

ResultsWriter::ResultsWriter(std::string final_path, bool replace)
    : final_path_(std::move(final_path)), replace_(replace) {
  const fs::path target(final_path_);
  // Hidden name in the same folder, so the final rename stays on one file system.
  temporary_path_ = hidden_beside(target, ".tmp-" + std::to_string(::getpid()));
  H5::Exception::dontPrint();
  guarded(final_path_, "create the temporary results file", [&] {
    file_ = std::make_unique<File>(File{H5::H5File(temporary_path_, H5F_ACC_TRUNC)});
  });
}

ResultsWriter::~ResultsWriter() {
  if (committed_) return;
  try {
    if (file_) file_->h5.close();
  } catch (...) {
  }
  std::error_code ignored;
  std::filesystem::remove(temporary_path_, ignored);
}

void ResultsWriter::write_header(const Provenance& p, const std::string& resolved_input,
                                 const std::vector<std::string>& labels) {
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

void ResultsWriter::write_metrics(const MetricTable& table, int compression) {
  guarded(final_path_, "write the metrics", [&] { write_metrics_unguarded(table, compression); });
}

void ResultsWriter::write_metrics_unguarded(const MetricTable& table, int compression) {
  auto metrics = file_->h5.openGroup("metrics");
  const hsize_t dims[2] = {hsize_t(table.replications()), hsize_t(table.columns())};
  H5::DSetCreatPropList properties;
  const hsize_t chunk[2] = {1, dims[1]};
  if (dims[0] > 0 && dims[1] > 0) {
    properties.setChunk(2, chunk);
    if (compression > 0) properties.setDeflate(static_cast<unsigned>(compression));
  }
  for (std::size_t m = 0; m < table.metrics().size(); ++m) {
    const auto& info = table.metrics()[m];
    auto dataset = metrics.createDataSet(info.name, H5::PredType::IEEE_F64LE,
                                         H5::DataSpace(2, dims), properties);
    dataset.write(table.series(int(m)), H5::PredType::NATIVE_DOUBLE);
    set_text(dataset, "units", info.units);
    set_text(dataset, "description", info.description);
    set_text(dataset, "kind", std::string(name_of(kMetricKindNames, info.kind)));
  }
}

void ResultsWriter::write_group(const std::string& path, const DatasetGroup& group) {
  guarded(final_path_, "write " + path, [&] {
    H5::Group target = open_or_create(file_->h5, path);
    write_group_contents(target, group);
  });
}

void ResultsWriter::commit() {
  guarded(final_path_, "finish the temporary results file", [&] { file_->h5.close(); });
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
