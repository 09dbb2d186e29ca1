#pragma once
// KEY=LO:HI arguments of `stress --shock` and `sweep --vary`.
#include <optional>
#include <string>

namespace clustersim::app {

struct KeyRange {
  std::string key;  // any key --set accepts
  double low = 0, high = 0;
};

// The whole of `text` as a finite number, or nothing.
std::optional<double> parse_number(const std::string& text);

// Parses KEY=LO:HI with finite numbers LO < HI; throws InputError naming `option`.
KeyRange parse_key_range(const std::string& option, const std::string& text);

// Shortest text that reads back as the same double, always a TOML float (so a key that
// takes only integers is rejected when the scenario is loaded, before any run).
std::string number_text(double value);

}  // namespace clustersim::app
