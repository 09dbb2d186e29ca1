#include "sim/diagnostics.hpp"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <limits>
#include <sstream>

namespace clustersim {

std::string SourcePosition::to_string() const {
  std::ostringstream out;
  out << (file.empty() ? "<input>" : file);
  if (line > 0) out << ':' << line << ':' << column;
  return out.str();
}

std::string Diagnostic::to_string() const {
  // Messages not tied to a file (command-line problems) carry their own subject.
  std::string text = where.file.empty() ? std::string() : where.to_string() + ": ";
  if (!key.empty()) text += key + ": ";
  return text + message;
}

void Diagnostics::add(SourcePosition where, std::string key, std::string message) {
  items_.push_back({std::move(where), std::move(key), std::move(message)});
}

void Diagnostics::sort() {
  std::stable_sort(items_.begin(), items_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    if (a.where.file != b.where.file) return a.where.file < b.where.file;
    if (a.where.line != b.where.line) return a.where.line < b.where.line;
    return a.where.column < b.where.column;
  });
}

std::string Diagnostics::to_string() const {
  std::string text;
  for (const auto& item : items_) text += item.to_string() + '\n';
  return text;
}

InputError::InputError(Diagnostics diagnostics)
    : std::runtime_error(diagnostics.to_string()), diagnostics_(std::move(diagnostics)) {}

InputError::InputError(const std::string& message) : std::runtime_error(message) {
  diagnostics_.add({}, "", message);
}

namespace {

std::atomic<long> edit_distance_cells{0};

// Edit distance if it is below `bound`, else `bound`: a row whose smallest entry has
// reached the bound cannot lead to a smaller distance, so the scan stops there.
int bounded_edit_distance(const std::string& a, const std::string& b, int bound) {
  if (std::abs(static_cast<long>(a.size()) - static_cast<long>(b.size())) >= bound) return bound;
  std::vector<int> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = static_cast<int>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    int diagonal = row[0];
    row[0] = static_cast<int>(i);
    int smallest = row[0];
    for (size_t j = 1; j <= b.size(); ++j) {
      const int above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
      smallest = std::min(smallest, row[j]);
    }
    edit_distance_cells.fetch_add(long(b.size()), std::memory_order_relaxed);
    if (smallest >= bound) return bound;
  }
  return std::min(row[b.size()], bound);
}

}  // namespace

int edit_distance(const std::string& a, const std::string& b) {
  return bounded_edit_distance(a, b, std::numeric_limits<int>::max());
}

long edit_distance_work() {
  return edit_distance_cells.load(std::memory_order_relaxed);
}

std::string closest_match(const std::string& word, const std::vector<std::string>& candidates) {
  // A key this long is not a misspelling of a known one; comparing it would cost
  // length x candidates (an unknown 1 MB key took seconds).
  if (word.size() > kMaxSuggestionLength) return "";
  std::string best;
  int best_distance = static_cast<int>(word.size()) / 2 + 2;
  for (const auto& candidate : candidates) {
    const int distance = bounded_edit_distance(word, candidate, best_distance);
    if (distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  }
  return best;
}

}  // namespace clustersim
