#include "models/scenario/scenario_writer.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <sstream>

#include "build_info.hpp"
#include "models/scenario/scenario_schema.hpp"

namespace clustersim {
namespace {

std::string quote(const std::string& text) {
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
std::string real(double value) {
  char buffer[64];
  auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  std::string text(buffer, result.ptr);
  if (text.find_first_of(".eEn") == std::string::npos) text += ".0";
  return text;
}

template <class Items, class Format>
std::string list(const Items& items, Format format) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + format(items[i]);
  return out + "]";
}

std::string format_value(const FieldValue& value, FieldType type,
                         const std::vector<std::string>& domains) {
  if (type == FieldType::domain_map) {
    const auto& values = std::get<std::vector<double>>(value);
    std::string out = "{ ";
    for (std::size_t i = 0; i < values.size() && i < domains.size(); ++i)
      out += (i ? ", " : "") + domains[i] + " = " + real(values[i]);
    return out + " }";
  }
  return std::visit(
      [](const auto& v) -> std::string {
        using V = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<V, double>) return real(v);
        if constexpr (std::is_same_v<V, int> || std::is_same_v<V, std::uint64_t>)
          return std::to_string(v);
        if constexpr (std::is_same_v<V, bool>) return v ? "true" : "false";
        if constexpr (std::is_same_v<V, std::string>) return quote(v);
        if constexpr (std::is_same_v<V, YearMonth>) return quote(v.to_string());
        if constexpr (std::is_same_v<V, std::vector<double>>) return list(v, real);
        if constexpr (std::is_same_v<V, std::vector<std::string>>) return list(v, quote);
        if constexpr (std::is_same_v<V, std::vector<YearMonth>>)
          return list(v, [](const YearMonth& m) { return quote(m.to_string()); });
      },
      value);
}

// Writes the fields of one object: plain keys first, then one [table] per dotted prefix
// in the order the schema lists them (TOML needs plain keys before any header).
template <class T>
void write_fields(std::ostringstream& out, const std::vector<FieldSpec<T>>& specs, const T& object,
                  const std::vector<std::string>& domains) {
  T& readable = const_cast<T&>(object);  // accessors take non-const objects; nothing is written
  auto split = [](const std::string& key) {
    const auto dot = key.rfind('.');
    return dot == std::string::npos ? std::pair<std::string, std::string>{"", key}
                                    : std::pair{key.substr(0, dot), key.substr(dot + 1)};
  };
  std::vector<std::string> tables{""};
  for (const auto& spec : specs) {
    const auto table = split(spec.key).first;
    if (std::find(tables.begin(), tables.end(), table) == tables.end()) tables.push_back(table);
  }
  for (const auto& table : tables) {
    if (!table.empty()) out << "\n[" << table << "]\n";
    for (const auto& spec : specs) {
      const auto [spec_table, leaf] = split(spec.key);
      if (spec_table != table) continue;
      out << leaf << " = " << format_value(get_value(spec, readable), spec.type, domains);
      if (!spec.unit.empty() && spec.unit != "1") out << "  # " << spec.unit;
      out << '\n';
    }
  }
}

template <class T>
void write_array(std::ostringstream& out, const std::string& name,
                 const std::vector<FieldSpec<T>>& specs, const std::vector<T>& items,
                 const std::vector<std::string>& domains) {
  for (const auto& item : items) {
    out << "\n[[" << name << "]]\n";
    write_fields(out, specs, item, domains);
  }
}

}  // namespace

std::string to_toml(const Scenario& scenario) {
  std::ostringstream out;
  out << "# Resolved scenario: every key explicit, written by clustersim " << build_info::version
      << ".\n";
  const auto& domains = scenario.domains;
  write_fields(out, scenario_fields(), scenario, domains);
  write_array(out, "sectors", sector_fields(), scenario.sectors, domains);
  write_array(out, "clusters", cluster_fields(), scenario.clusters, domains);
  write_array(out, "firms", firm_group_fields(), scenario.firms, domains);
  write_array(out, "universities", university_fields(), scenario.universities, domains);
  write_array(out, "centers", center_fields(), scenario.centers, domains);
  write_array(out, "funders", funder_fields(), scenario.funders, domains);
  write_array(out, "key_rate", key_rate_fields(), scenario.key_rate, domains);
  for (const auto& event : scenario.events) {
    out << "\n[[events]]\n";
    write_fields(out, event_fields(), event, domains);
    if (!event.set.empty()) {
      out << "set = { ";
      for (std::size_t i = 0; i < event.set.size(); ++i)
        out << (i ? ", " : "") << quote(event.set[i].key) << " = " << real(event.set[i].value);
      out << " }\n";
    }
  }
  return out.str();
}

}  // namespace clustersim
