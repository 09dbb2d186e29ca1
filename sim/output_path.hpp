#pragma once
// Keeping what the user has: checks a results path before any work, excludes two
// processes writing the same path, and clears temporary files a killed run left.
#include <string>
#include <vector>

namespace clustersim {

// The hidden file beside `path` with `suffix`: "out/run.h5", ".lock" -> "out/.run.h5.lock".
std::string hidden_beside(const std::string& path, const std::string& suffix);

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

}  // namespace clustersim
