#include "sim/schema.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <sstream>
#include <utility>

namespace clustersim {

std::string join_key(const std::string& prefix, const std::string& key) {
  return prefix.empty() ? key : prefix + "." + key;
}

SourcePosition position_of(const toml::node& node) {
  const auto& source = node.source();
  const std::string file = source.path ? *source.path : std::string{};
  // Command-line overrides are named by the whole assignment; a line number would mislead.
  if (file.rfind("--set", 0) == 0) return {file, 0, 0};
  return {file, static_cast<int>(source.begin.line), static_cast<int>(source.begin.column)};
}

std::string describe_node(const toml::node& node) {
  std::ostringstream out;
  switch (node.type()) {
    case toml::node_type::string:
      out << "string \"" << *node.value<std::string>() << '"';
      break;
    case toml::node_type::integer:
      out << "integer " << *node.value<std::int64_t>();
      break;
    case toml::node_type::floating_point:
      out << "float " << *node.value<double>();
      break;
    case toml::node_type::boolean:
      out << "boolean " << (*node.value<bool>() ? "true" : "false");
      break;
    case toml::node_type::table:
      out << "a table";
      break;
    case toml::node_type::array:
      out << "an array";
      break;
    case toml::node_type::date:
      out << "a date " << *node.as_date();
      break;
    case toml::node_type::time:
      out << "a time";
      break;
    case toml::node_type::date_time:
      out << "a date-time";
      break;
    default:
      out << "nothing";
      break;
  }
  return out.str();
}

namespace {

std::string format_number(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

std::string range_text(const FieldMeta& meta) {
  const bool has_min = std::isfinite(meta.min);
  const bool has_max = std::isfinite(meta.max);
  if (has_min && has_max) return format_number(meta.min) + " to " + format_number(meta.max);
  if (has_min) return "at least " + format_number(meta.min);
  if (has_max) return "at most " + format_number(meta.max);
  return "";
}

// A number and its bounds, "a number 0 to 1", or "a number" when it has none.
std::string number_text(const std::string& kind, const FieldMeta& meta) {
  const auto range = range_text(meta);
  return range.empty() ? kind : kind + " " + range;
}

std::string with_unit(const FieldMeta& meta, std::string text) {
  if (!meta.unit.empty() && meta.unit != "1") text += " in " + meta.unit;
  return text;
}

bool in_range(const FieldMeta& meta, double value) {
  return value >= meta.min && value <= meta.max;
}

class Reader {
 public:
  // The key is copied: readers for a domain's entry are built from a temporary key.
  Reader(const FieldMeta& meta, std::string key, BindContext& context)
      : meta_(meta), key_(std::move(key)), context_(context) {}

  void fail(const toml::node& node, const std::string& what, const std::string& expected) {
    context_.diagnostics.add(
        position_of(node), key_,
        what + " (expected " + expected + ", got " + describe_node(node) + ")");
    ok_ = false;
  }

  bool ok() const { return ok_; }

  std::optional<double> real(const toml::node& node) {
    std::optional<double> value;
    if (auto i = node.value_exact<std::int64_t>()) value = static_cast<double>(*i);
    if (auto f = node.value_exact<double>()) value = *f;
    if (!value) {
      fail(node, "wrong type", with_unit(meta_, "a number"));
      return std::nullopt;
    }
    if (!std::isfinite(*value) || !in_range(meta_, *value)) {
      // Unbounded, only NaN and infinities are out of range.
      const auto range = range_text(meta_);
      fail(node, "out of range", with_unit(meta_, range.empty() ? "a finite number" : range));
      return std::nullopt;
    }
    return value;
  }

  std::optional<std::int64_t> integer(const toml::node& node) {
    auto i = node.value_exact<std::int64_t>();
    if (!i) {
      fail(node, "wrong type", with_unit(meta_, "an integer"));
      return std::nullopt;
    }
    if (!in_range(meta_, static_cast<double>(*i))) {
      fail(node, "out of range", with_unit(meta_, number_text("an integer", meta_)));
      return std::nullopt;
    }
    return i;
  }

  std::optional<std::string> text(const toml::node& node) {
    auto s = node.value_exact<std::string>();
    if (!s) fail(node, "wrong type", "a string");
    return s;
  }

  std::optional<YearMonth> month(const toml::node& node) {
    auto s = node.value_exact<std::string>();
    if (!s) {
      fail(node, "wrong type", "a month as a string \"YYYY-MM\"");
      return std::nullopt;
    }
    auto parsed = YearMonth::parse(*s);
    if (!parsed) fail(node, "malformed date", "\"YYYY-MM\" with a month 01..12");
    return parsed;
  }

  std::optional<std::string> choice(const toml::node& node) {
    auto s = text(node);
    if (!s) return s;
    for (const auto& option : *meta_.choices)
      if (option == *s) return s;
    std::string options;
    for (const auto& option : *meta_.choices)
      options += (options.empty() ? "\"" : ", \"") + option + '"';
    std::string hint;
    if (auto near = closest_match(*s, *meta_.choices); !near.empty())
      hint = "; did you mean \"" + near + "\"?";
    fail(node, "unknown value", "one of " + options + hint);
    return std::nullopt;
  }

  template <class Item, class ReadOne>
  std::optional<std::vector<Item>> list(const toml::node& node, const std::string& what,
                                        ReadOne read_one) {
    const auto* array = node.as_array();
    if (!array) {
      fail(node, "wrong type", "an array of " + what);
      return std::nullopt;
    }
    if (meta_.length != 0 && array->size() != meta_.length) {
      fail(node, "wrong length", "an array of " + std::to_string(meta_.length) + " " + what);
      return std::nullopt;
    }
    std::vector<Item> items;
    for (const auto& element : *array) {
      auto item = read_one(element);
      if (item) items.push_back(*item);
    }
    if (items.size() != array->size()) return std::nullopt;
    return items;
  }

  std::optional<std::vector<double>> domain_map(const toml::node& node) {
    const auto* table = node.as_table();
    const auto& domains = *context_.domains;
    if (domains.empty()) return std::vector<double>{};  // `domains` itself is reported
    if (!table) {
      fail(node, "wrong type", "a table of domain = value, e.g. { software = 0.5 }");
      return std::nullopt;
    }
    std::vector<double> values(domains.size(), meta_.fill);
    bool good = true;
    for (const auto& [name, value_node] : *table) {
      const std::string domain(name.str());
      std::size_t index = 0;
      while (index < domains.size() && domains[index] != domain) ++index;
      if (index == domains.size()) {
        std::string hint;
        if (auto near = closest_match(domain, domains); !near.empty())
          hint = "; did you mean \"" + near + "\"?";
        context_.diagnostics.add(position_of(value_node), join_key(key_, domain),
                                 "unknown technology domain (expected one of the scenario's "
                                 "`domains`" +
                                     hint + ")");
        ok_ = false;
        good = false;
        continue;
      }
      Reader inner(meta_, join_key(key_, domain), context_);
      auto v = inner.real(value_node);
      if (!v) {
        ok_ = false;
        good = false;
        continue;
      }
      values[index] = *v;
    }
    if (!good) return std::nullopt;
    return values;
  }

 private:
  const FieldMeta& meta_;
  std::string key_;
  BindContext& context_;
  bool ok_ = true;
};

}  // namespace

std::string describe_expected(const FieldMeta& meta) {
  switch (meta.type) {
    case FieldType::real:
      return with_unit(meta, number_text("a number", meta));
    case FieldType::integer:
      return with_unit(meta, number_text("an integer", meta));
    case FieldType::seed:
      return "a non-negative integer up to 18446744073709551615";
    case FieldType::boolean:
      return "true or false";
    case FieldType::text:
      return "a string";
    case FieldType::choice: {
      std::string options;
      for (const auto& option : *meta.choices)
        options += (options.empty() ? "\"" : ", \"") + option + '"';
      return "one of " + options;
    }
    case FieldType::month:
      return "a month \"YYYY-MM\"";
    case FieldType::real_list:
      return "an array of numbers";
    case FieldType::text_list:
      return "an array of strings";
    case FieldType::month_list:
      return "an array of months \"YYYY-MM\"";
    case FieldType::domain_map:
      return "a table of domain = number";
  }
  return "";
}

namespace {

// An integer 0 .. 2^63 - 1, or (beyond TOML's integers) a string of digits up to
// 2^64 - 1.
void read_seed(const toml::node& node, Reader& reader, FieldValue& out) {
  const char* expected = "a non-negative integer up to 18446744073709551615";
  if (auto v = node.value_exact<std::int64_t>()) {
    if (*v < 0)
      reader.fail(node, "out of range", expected);
    else
      out = static_cast<std::uint64_t>(*v);
  } else if (auto s = node.value_exact<std::string>()) {
    std::uint64_t seed = 0;
    const auto* end = s->data() + s->size();
    const auto [rest, error] = std::from_chars(s->data(), end, seed);
    if (s->empty() || error != std::errc() || rest != end)
      reader.fail(node, error == std::errc::result_out_of_range ? "out of range" : "wrong type",
                  expected);
    else
      out = seed;
  } else {
    reader.fail(node, "wrong type", expected);
  }
}

// The array field types: real_list, text_list, month_list.
void read_list(const toml::node& node, const FieldMeta& meta, Reader& reader, FieldValue& out) {
  if (meta.type == FieldType::real_list) {
    if (auto v = reader.list<double>(node, with_unit(meta, number_text("numbers", meta)),
                                     [&](const toml::node& n) { return reader.real(n); }))
      out = *v;
  } else if (meta.type == FieldType::text_list) {
    if (auto v = reader.list<std::string>(node, "strings",
                                          [&](const toml::node& n) { return reader.text(n); }))
      out = *v;
  } else {
    if (auto v = reader.list<YearMonth>(node, "months \"YYYY-MM\"",
                                        [&](const toml::node& n) { return reader.month(n); }))
      out = *v;
  }
}

}  // namespace

bool read_field(const toml::node& node, const FieldMeta& meta, const std::string& full_key,
                BindContext& context, FieldValue& out) {
  Reader reader(meta, full_key, context);
  switch (meta.type) {
    case FieldType::real:
      if (auto v = reader.real(node)) out = *v;
      break;
    case FieldType::integer:
      if (auto v = reader.integer(node)) out = static_cast<int>(*v);
      break;
    case FieldType::seed:
      read_seed(node, reader, out);
      break;
    case FieldType::boolean:
      if (auto v = node.value_exact<bool>())
        out = *v;
      else
        reader.fail(node, "wrong type", "true or false");
      break;
    case FieldType::text:
      if (auto v = reader.text(node)) out = *v;
      break;
    case FieldType::choice:
      if (auto v = reader.choice(node)) out = *v;
      break;
    case FieldType::month:
      if (auto v = reader.month(node)) out = *v;
      break;
    case FieldType::real_list:
    case FieldType::text_list:
    case FieldType::month_list:
      read_list(node, meta, reader, out);
      break;
    case FieldType::domain_map:
      if (auto v = reader.domain_map(node)) out = *v;
      break;
  }
  return reader.ok();
}

void walk_table(const toml::table& table, const std::string& prefix,
                const std::vector<std::string>& known_keys, const std::vector<std::string>& skip,
                BindContext& context,
                const std::function<void(std::size_t, const toml::node&)>& on_known,
                std::vector<bool>& seen) {
  // `relative` is the path below the table being bound; keys are matched on it.
  std::function<void(const toml::table&, const std::string&)> walk =
      [&](const toml::table& current, const std::string& relative) {
        for (const auto& [name, node] : current) {
          const std::string key = join_key(relative, std::string(name.str()));
          bool skipped = false;
          for (const auto& s : skip) skipped = skipped || s == key;
          if (skipped) continue;
          bool matched = false;
          for (std::size_t i = 0; i < known_keys.size() && !matched; ++i) {
            if (known_keys[i] == key) {
              seen[i] = true;
              on_known(i, node);
              matched = true;
            }
          }
          if (matched) continue;
          bool is_prefix = false;
          for (const auto& known : known_keys)
            is_prefix = is_prefix || known.rfind(key + ".", 0) == 0;
          if (is_prefix && node.is_table()) {
            walk(*node.as_table(), key);
            continue;
          }
          const std::string full = join_key(prefix, key);
          const auto removed = std::find_if(
              context.removed_keys.begin(), context.removed_keys.end(), [&](const auto& r) {
                return full == r.first || (full.size() > r.first.size() &&
                                           full.compare(full.size() - r.first.size() - 1,
                                                        std::string::npos, "." + r.first) == 0);
              });
          if (removed != context.removed_keys.end()) {
            context.diagnostics.add(position_of(node), full, removed->second);
            continue;
          }
          std::vector<std::string> candidates = known_keys;
          candidates.insert(candidates.end(), skip.begin(), skip.end());
          std::string message = "unknown key";
          const std::string leaf(name.str());
          const bool misplaced =
              !relative.empty() &&
              std::find(candidates.begin(), candidates.end(), leaf) != candidates.end();
          const bool top_level = !prefix.empty() && std::find(context.top_level_keys.begin(),
                                                              context.top_level_keys.end(),
                                                              key) != context.top_level_keys.end();
          if (misplaced || top_level)
            message += " (\"" + (misplaced ? join_key(prefix, leaf) : key) +
                       "\" is a top-level key: keys after a [table] or [[table]] header belong "
                       "to that table, so move it above the first header)";
          else if (auto near = closest_match(key, candidates); !near.empty())
            message += " (did you mean \"" + join_key(prefix, near) + "\"?)";
          else
            message += " (expected one of the keys in docs/scenario-reference.md)";
          context.diagnostics.add(position_of(node), join_key(prefix, key), message);
        }
      };
  walk(table, "");
}

}  // namespace clustersim
