#include "sim/progress.hpp"

#include <unistd.h>

#include <algorithm>

namespace clustersim {
namespace {

constexpr auto kBarInterval = std::chrono::milliseconds(100);
constexpr auto kLineInterval = std::chrono::seconds(10);

}  // namespace

ProgressBar::ProgressBar(bool enabled, Style style, std::FILE* out)
    : enabled_(enabled),
      bar_(style == Style::bar || (style == Style::automatic && isatty(fileno(out)))),
      out_(out),
      start_(std::chrono::steady_clock::now()),
      last_(start_) {}

ProgressBar::~ProgressBar() {
  clear();
}

void ProgressBar::clear() {
  if (!drawn_ || !bar_) return;
  std::fprintf(out_, "\r\033[K");
  std::fflush(out_);
  drawn_ = false;
}

void ProgressBar::update(long done, long total) {
  if (!enabled_ || total <= 0 || finished_) return;
  const auto now = std::chrono::steady_clock::now();
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const double fraction = double(std::min(done, total)) / double(total);
  const double eta = fraction > 0 ? elapsed * (1 - fraction) / fraction : 0;
  if (bar_) {
    if (done < total && now - last_ < kBarInterval) return;
    last_ = now;
    draw_bar(fraction, eta);
    return;
  }
  const int tenth = int(fraction * 10);
  if (done < total && tenth <= last_tenth_ && now - last_ < kLineInterval) return;
  last_ = now;
  last_tenth_ = tenth;
  finished_ = done >= total;
  write_line(done, total, elapsed, eta);
}

void ProgressBar::draw_bar(double fraction, double eta) {
  constexpr int kWidth = 30;
  char bar[kWidth + 1];
  for (int i = 0; i < kWidth; ++i) bar[i] = i < int(fraction * kWidth) ? '#' : '.';
  bar[kWidth] = '\0';
  std::fprintf(out_, "\r[%s] %3d%%  ETA %5.0fs", bar, int(fraction * 100), eta);
  std::fflush(out_);
  drawn_ = true;
}

void ProgressBar::write_line(long done, long total, double elapsed, double eta) {
  std::fprintf(out_, "progress: %3d%% (%ld of %ld), %.0f s elapsed, ETA %.0f s\n",
               int(100.0 * double(std::min(done, total)) / double(total)), done, total, elapsed,
               eta);
  std::fflush(out_);
}

}  // namespace clustersim
