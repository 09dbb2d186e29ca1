#include "sim/schema_io.hpp"

#include "sim/year_month.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>

namespace clustersim {

std::string toml_quote(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buffer[8];
          std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
          out += buffer;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

// Shortest text that reads back as the same double, so a stored scenario reruns bit for bit.
std::string toml_real(double value) {
  char buffer[64];
  auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  std::string text(buffer, result.ptr);
  if (text.find_first_of(".eEn") == std::string::npos) text += ".0";
  return text;
}

namespace {

// TOML integers stop at 2^63 - 1: larger seeds are written as a string of digits,
// which the reader accepts for seeds.
std::string toml_seed(std::uint64_t v) {
  return v > std::uint64_t(std::numeric_limits<std::int64_t>::max()) ? toml_quote(std::to_string(v))
                                                                     : std::to_string(v);
}

template <class Items, class Format>
std::string list(const Items& items, Format format) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + format(items[i]);
  return out + "]";
}

}  // namespace

std::string toml_value(const FieldValue& value, FieldType type,
                       const std::vector<std::string>& map_keys) {
  if (type == FieldType::domain_map) {
    const auto& values = std::get<std::vector<double>>(value);
    std::string out = "{ ";
    for (std::size_t i = 0; i < values.size() && i < map_keys.size(); ++i)
      out += (i ? ", " : "") + map_keys[i] + " = " + toml_real(values[i]);
    return out + " }";
  }
  return std::visit(
      [](const auto& v) -> std::string {
        using V = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<V, double>) return toml_real(v);
        if constexpr (std::is_same_v<V, int>) return std::to_string(v);
        if constexpr (std::is_same_v<V, std::uint64_t>) return toml_seed(v);
        if constexpr (std::is_same_v<V, bool>) return v ? "true" : "false";
        if constexpr (std::is_same_v<V, std::string>) return toml_quote(v);
        if constexpr (std::is_same_v<V, YearMonth>) return toml_quote(v.to_string());
        if constexpr (std::is_same_v<V, std::vector<double>>) return list(v, toml_real);
        if constexpr (std::is_same_v<V, std::vector<std::string>>) return list(v, toml_quote);
        if constexpr (std::is_same_v<V, std::vector<YearMonth>>)
          return list(v, [](const YearMonth& m) { return toml_quote(m.to_string()); });
      },
      value);
}

// Writes the fields of one object: plain keys first, then one [table] per dotted prefix
// in the order the schema lists them (TOML needs plain keys before any header).

std::string reference_type_name(FieldType type) {
  switch (type) {
    case FieldType::real:
      return "number";
    case FieldType::integer:
      return "integer";
    case FieldType::seed:
      return "integer >= 0";
    case FieldType::boolean:
      return "boolean";
    case FieldType::text:
      return "string";
    case FieldType::choice:
      return "string (choice)";
    case FieldType::month:
      return "month \"YYYY-MM\"";
    case FieldType::real_list:
      return "array of numbers";
    case FieldType::text_list:
      return "array of strings";
    case FieldType::month_list:
      return "array of months";
    case FieldType::domain_map:
      return "table domain = number";
  }
  return "";
}

std::string reference_number(double v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

std::string reference_allowed(const FieldMeta& meta) {
  if (meta.type == FieldType::choice) {
    std::string options;
    for (const auto& c : *meta.choices) options += (options.empty() ? "`" : ", `") + c + "`";
    return options;
  }
  std::string text;
  const bool lo = std::isfinite(meta.min), hi = std::isfinite(meta.max);
  if (lo && hi)
    text = reference_number(meta.min) + " .. " + reference_number(meta.max);
  else if (lo)
    text = ">= " + reference_number(meta.min);
  else if (hi)
    text = "<= " + reference_number(meta.max);
  if (meta.length) text += (text.empty() ? "" : ", ") + std::to_string(meta.length) + " values";
  return text;
}

std::string reference_default(const FieldValue& value) {
  return std::visit(
      [](const auto& v) -> std::string {
        using V = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<V, double>) return reference_number(v);
        if constexpr (std::is_same_v<V, int>) return std::to_string(v);
        if constexpr (std::is_same_v<V, std::uint64_t>) return toml_seed(v);
        if constexpr (std::is_same_v<V, bool>) return v ? "true" : "false";
        if constexpr (std::is_same_v<V, std::string>) return v.empty() ? "\"\"" : "\"" + v + "\"";
        if constexpr (std::is_same_v<V, YearMonth>)
          return std::string("\"").append(v.to_string()).append("\"");
        if constexpr (std::is_same_v<V, std::vector<double>>) {
          std::string s = "[";
          for (std::size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + reference_number(v[i]);
          return s + "]";
        }
        if constexpr (std::is_same_v<V, std::vector<std::string>> ||
                      std::is_same_v<V, std::vector<YearMonth>>)
          return v.empty() ? "[]" : "(list)";
      },
      value);
}

}  // namespace clustersim
