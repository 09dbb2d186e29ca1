#pragma once
// Problems found in user input, collected so that one run reports all of them.
#include <stdexcept>
#include <string>
#include <vector>

namespace clustersim {

struct SourcePosition {
  std::string file;  // path, or "--set" for command-line overrides
  int line = 0;
  int column = 0;
  std::string to_string() const;
};

struct Diagnostic {
  SourcePosition where;
  std::string key;      // dotted key path, e.g. "items[2].count"
  std::string message;  // "what is wrong (expected ..., got ...)"
  std::string to_string() const;
};

class Diagnostics {
 public:
  void add(SourcePosition where, std::string key, std::string message);
  bool empty() const { return items_.empty(); }
  const std::vector<Diagnostic>& items() const { return items_; }
  std::string to_string() const;
  // Orders problems by file, line and column, so reports read top to bottom.
  void sort();

 private:
  std::vector<Diagnostic> items_;
};

// Thrown when input is invalid; carries every problem found. Exit code 2.
class InputError : public std::runtime_error {
 public:
  explicit InputError(Diagnostics diagnostics);
  explicit InputError(const std::string& message);
  const Diagnostics& diagnostics() const { return diagnostics_; }

 private:
  Diagnostics diagnostics_;
};

// Edit distance, for "did you mean" suggestions.
int edit_distance(const std::string& a, const std::string& b);
// Cells of the edit-distance table computed so far in this process (a work counter,
// so tests can check that suggestions stay cheap).
long edit_distance_work();
// Words longer than this get no suggestion: no known key or name is nearly as long.
inline constexpr std::size_t kMaxSuggestionLength = 256;
// The closest candidate within a sensible distance, or "" when none is close (or the
// word is longer than kMaxSuggestionLength). Stops comparing a candidate as soon as
// it cannot beat the best so far.
std::string closest_match(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace clustersim
