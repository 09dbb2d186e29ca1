#pragma once
// Calendar months as used in scenario files ("2022-03").
#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace clustersim {

struct YearMonth {
  int year = 2000;
  int month = 1;  // 1..12

  // Parses exactly "YYYY-MM"; anything else gives nullopt.
  static std::optional<YearMonth> parse(std::string_view text);
  std::string to_string() const;
  // Months since year 0; differences give month counts.
  int ordinal() const { return year * 12 + (month - 1); }
  static YearMonth from_ordinal(int ordinal) { return {ordinal / 12, ordinal % 12 + 1}; }
  YearMonth plus(int months) const { return from_ordinal(ordinal() + months); }

  friend auto operator<=>(const YearMonth& a, const YearMonth& b) {
    return a.ordinal() <=> b.ordinal();
  }
  friend bool operator==(const YearMonth& a, const YearMonth& b) = default;
};

inline int months_between(YearMonth from, YearMonth to) {
  return to.ordinal() - from.ordinal();
}

}  // namespace clustersim
