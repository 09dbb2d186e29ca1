#include "sim/output_path.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "sim/diagnostics.hpp"

namespace clustersim {
namespace {

namespace fs = std::filesystem;

bool same_file(const fs::path& a, const fs::path& b) {
  std::error_code error;
  return fs::equivalent(a, b, error) && !error;
}

}  // namespace

std::string hidden_beside(const std::string& path, const std::string& suffix) {
  const fs::path target(path);
  std::string name(".");
  name.append(target.filename().string()).append(suffix);
  return (target.parent_path() / name).string();
}

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

OutputLock::OutputLock(const std::string& path) : lock_path_(hidden_beside(path, ".lock")) {
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

}  // namespace clustersim
