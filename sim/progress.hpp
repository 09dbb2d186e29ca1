#pragma once
// A one-line progress bar with an ETA on stderr, shown only when stderr is a terminal.
#include <chrono>

namespace clustersim {

class ProgressBar {
 public:
  explicit ProgressBar(bool enabled);
  ~ProgressBar();
  void update(long done, long total);

 private:
  bool enabled_;
  std::chrono::steady_clock::time_point start_, last_;
  bool drawn_ = false;
};

}  // namespace clustersim
