#pragma once
// Declarative description of scenario keys. One FieldSpec per key gives its type,
// unit, range and meaning; the same list validates and binds TOML input, writes the
// resolved scenario back as TOML, applies scheduled parameter changes and generates
// docs/scenario-reference.md, so these can never disagree.
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <string>
#include <variant>
#include <vector>

#include <toml++/toml.h>

#include "sim/diagnostics.hpp"
#include "sim/year_month.hpp"

namespace clustersim {

enum class FieldType {
  real,
  integer,
  seed,
  boolean,
  text,
  choice,
  month,
  real_list,
  text_list,
  month_list,
  domain_map,
};

template <class T>
struct FieldSpec {
  using Accessor =
      std::variant<double& (*)(T&), int& (*)(T&), std::uint64_t& (*)(T&), bool& (*)(T&),
                   std::string& (*)(T&), YearMonth& (*)(T&), std::vector<double>& (*)(T&),
                   std::vector<std::string>& (*)(T&), std::vector<YearMonth>& (*)(T&)>;

  std::string key;  // dotted path inside its table
  FieldType type = FieldType::real;
  Accessor access;
  std::string unit;
  std::string meaning;
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  std::vector<std::string> choices;
  std::size_t length = 0;  // required list length, 0 for any
  double fill = 0;         // value of domains a domain map leaves out
  bool required = false;
  bool schedulable = false;  // may be changed by an event's `set`

  FieldSpec range(double lo, double hi) const {
    FieldSpec copy = *this;
    copy.min = lo;
    copy.max = hi;
    return copy;
  }
  FieldSpec at_least(double lo) const { return range(lo, max); }
  FieldSpec one_of(std::vector<std::string> values) const {
    FieldSpec copy = *this;
    copy.type = FieldType::choice;
    copy.choices = std::move(values);
    return copy;
  }
  FieldSpec per_domain(double value_for_unlisted) const {
    FieldSpec copy = *this;
    copy.type = FieldType::domain_map;
    copy.fill = value_for_unlisted;
    return copy;
  }
  FieldSpec with_length(std::size_t n) const {
    FieldSpec copy = *this;
    copy.length = n;
    return copy;
  }
  FieldSpec mandatory() const {
    FieldSpec copy = *this;
    copy.required = true;
    return copy;
  }
  FieldSpec schedulable_by_events() const {
    FieldSpec copy = *this;
    copy.schedulable = true;
    return copy;
  }
};

namespace detail {
template <class V>
constexpr FieldType natural_type() {
  if constexpr (std::is_same_v<V, double>) return FieldType::real;
  if constexpr (std::is_same_v<V, int>) return FieldType::integer;
  if constexpr (std::is_same_v<V, std::uint64_t>) return FieldType::seed;
  if constexpr (std::is_same_v<V, bool>) return FieldType::boolean;
  if constexpr (std::is_same_v<V, std::string>) return FieldType::text;
  if constexpr (std::is_same_v<V, YearMonth>) return FieldType::month;
  if constexpr (std::is_same_v<V, std::vector<double>>) return FieldType::real_list;
  if constexpr (std::is_same_v<V, std::vector<std::string>>) return FieldType::text_list;
  if constexpr (std::is_same_v<V, std::vector<YearMonth>>) return FieldType::month_list;
}
}  // namespace detail

template <class T, class V>
FieldSpec<T> field(std::string key, V& (*get)(T&), std::string unit, std::string meaning) {
  FieldSpec<T> spec;
  spec.key = std::move(key);
  spec.type = detail::natural_type<V>();
  spec.access = get;
  spec.unit = std::move(unit);
  spec.meaning = std::move(meaning);
  return spec;
}

// `AT(Scenario, parameters.transfer_rate)` gives an accessor for that member.
#define CLUSTERSIM_AT(T, member) +[](T& o) -> decltype(auto) { return (o.member); }

// A value read from TOML, before it is stored through an accessor.
using FieldValue =
    std::variant<double, int, std::uint64_t, bool, std::string, YearMonth, std::vector<double>,
                 std::vector<std::string>, std::vector<YearMonth>>;

struct FieldMeta {
  std::string key;
  FieldType type;
  std::string unit;
  double min, max;
  const std::vector<std::string>* choices;
  std::size_t length;
  double fill;
};

struct BindContext {
  Diagnostics& diagnostics;
  const std::vector<std::string>* domains = nullptr;
  // Where each bound key came from, for cross-reference checks after binding.
  std::map<std::string, SourcePosition> positions;
  // Keys of the top of the file, to spot a top-level key written after a [table] header.
  std::vector<std::string> top_level_keys;
  // Keys a model no longer reads, with what replaced them: a file that still sets one gets
  // that message instead of "unknown key" and a hint to a key that may mean something else.
  // Matched on the end of the full key, so a key scheduled by an event is caught too.
  std::vector<std::pair<std::string, std::string>> removed_keys;
};

SourcePosition position_of(const toml::node& node);
std::string describe_node(const toml::node& node);
std::string describe_expected(const FieldMeta& meta);

// Reads one node as the given field type; reports a diagnostic and returns false on error.
bool read_field(const toml::node& node, const FieldMeta& meta, const std::string& full_key,
                BindContext& context, FieldValue& out);

template <class T>
FieldMeta meta_of(const FieldSpec<T>& spec) {
  return {spec.key, spec.type,     spec.unit,   spec.min,
          spec.max, &spec.choices, spec.length, spec.fill};
}

template <class T>
FieldValue get_value(const FieldSpec<T>& spec, T& object) {
  return std::visit([&](auto get) -> FieldValue { return get(object); }, spec.access);
}

template <class T>
void set_value(const FieldSpec<T>& spec, T& object, const FieldValue& value) {
  std::visit(
      [&](auto get) {
        using V = std::remove_reference_t<decltype(get(object))>;
        get(object) = std::get<V>(value);
      },
      spec.access);
}

// Binds the keys of `table` (and its sub-tables) to `object`. Keys in `skip` are
// handled by the caller (arrays of tables, event actions); every other key that
// no spec names is reported as unknown, with a suggestion.
template <class T>
void bind_table(const toml::table& table, const std::string& prefix,
                const std::vector<FieldSpec<T>>& specs, T& object, BindContext& context,
                const std::vector<std::string>& skip = {});

std::string join_key(const std::string& prefix, const std::string& key);

// Non-template core of bind_table: walks leaves and calls back per known key.
void walk_table(const toml::table& table, const std::string& prefix,
                const std::vector<std::string>& known_keys, const std::vector<std::string>& skip,
                BindContext& context,
                const std::function<void(std::size_t, const toml::node&)>& on_known,
                std::vector<bool>& seen);

template <class T>
void bind_table(const toml::table& table, const std::string& prefix,
                const std::vector<FieldSpec<T>>& specs, T& object, BindContext& context,
                const std::vector<std::string>& skip) {
  std::vector<std::string> keys;
  keys.reserve(specs.size());
  for (const auto& spec : specs) keys.push_back(spec.key);
  std::vector<bool> seen(specs.size(), false);
  walk_table(
      table, prefix, keys, skip, context,
      [&](std::size_t index, const toml::node& node) {
        const auto& spec = specs[index];
        const std::string full = join_key(prefix, spec.key);
        FieldValue value;
        if (read_field(node, meta_of(spec), full, context, value)) set_value(spec, object, value);
        context.positions[full] = position_of(node);
      },
      seen);
  for (std::size_t i = 0; i < specs.size(); ++i) {
    if (specs[i].required && !seen[i]) {
      context.diagnostics.add(
          position_of(table), join_key(prefix, specs[i].key),
          "missing required key (expected " + describe_expected(meta_of(specs[i])) + ")");
    }
  }
}

}  // namespace clustersim
