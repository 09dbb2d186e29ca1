#include "sim/year_month.hpp"

#include <cstdio>

namespace clustersim {

std::optional<YearMonth> YearMonth::parse(std::string_view text) {
  if (text.size() != 7 || text[4] != '-') return std::nullopt;
  int value[2] = {0, 0};
  const std::string_view parts[2] = {text.substr(0, 4), text.substr(5, 2)};
  for (int i = 0; i < 2; ++i) {
    for (char c : parts[i]) {
      if (c < '0' || c > '9') return std::nullopt;
      value[i] = value[i] * 10 + (c - '0');
    }
  }
  if (value[1] < 1 || value[1] > 12) return std::nullopt;
  return YearMonth{value[0], value[1]};
}

std::string YearMonth::to_string() const {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d", year, month);
  return buffer;
}

}  // namespace clustersim
