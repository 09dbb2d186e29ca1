#pragma once
// Progress on stderr. On a terminal: a one-line bar with an ETA, redrawn at most every
// 100 ms and erased by clear() (or the destructor) so the summary starts on a clean
// line. Elsewhere (a batch log): a plain line at every 10% or every 10 s, whichever
// comes first, and a last line at 100%.
#include <chrono>
#include <cstdio>

namespace clustersim {

class ProgressBar {
 public:
  enum class Style { automatic, bar, lines };

  // Disabled: prints nothing. `out` is for tests; the program uses stderr.
  explicit ProgressBar(bool enabled, Style style = Style::automatic, std::FILE* out = stderr);
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  void update(long done, long total);
  // Erases the bar (a no-op for plain lines or when nothing was drawn).
  void clear();

 private:
  void draw_bar(double fraction, double eta);
  void write_line(long done, long total, double elapsed, double eta);

  bool enabled_;
  bool bar_;  // a terminal bar, else plain lines
  std::FILE* out_;
  std::chrono::steady_clock::time_point start_, last_;
  bool drawn_ = false;
  int last_tenth_ = 0;  // plain lines: the last 10% step written
  bool finished_ = false;
};

}  // namespace clustersim
