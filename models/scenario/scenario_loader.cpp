#include "models/scenario/scenario_loader.hpp"

#include <filesystem>
#include <set>

#include <toml++/toml.h>

#include "models/scenario/scenario_schema.hpp"
#include "models/scenario/scenario_validation.hpp"

namespace clustersim {
namespace {

namespace fs = std::filesystem;

constexpr const char* kOverrideSource = "--set";

Diagnostic syntax_error(const toml::parse_error& error) {
  const auto& source = error.source();
  return {{source.path ? *source.path : std::string{}, static_cast<int>(source.begin.line),
           static_cast<int>(source.begin.column)},
          "",
          "syntax error: " + std::string(error.description())};
}

// Moves `child` into `base`: tables merge key by key, anything else replaces.
// Moving (not copying) keeps each node's source position for error messages.
void merge_into(toml::table& base, toml::table& child) {
  for (auto&& [key, node] : child) {
    auto* base_node = base.get(key);
    if (base_node && base_node->is_table() && node.is_table()) {
      merge_into(*base_node->as_table(), *node.as_table());
      continue;
    }
    node.visit([&, &k = key](auto& concrete) { base.insert_or_assign(k, std::move(concrete)); });
  }
}

std::optional<toml::table> parse_text(const std::string& text, const std::string& source,
                                      Diagnostics& diagnostics) {
  try {
    return toml::parse(text, source);
  } catch (const toml::parse_error& error) {
    auto d = syntax_error(error);
    diagnostics.add(d.where, d.key, d.message);
    return std::nullopt;
  }
}

std::optional<toml::table> parse_with_extends(const fs::path& path, std::vector<fs::path>& chain,
                                              Diagnostics& diagnostics);

// Resolves the `extends` key of `table` (parsed from `path`) into a merged table.
std::optional<toml::table> resolve_extends(toml::table table, const fs::path& directory,
                                           std::vector<fs::path>& chain, Diagnostics& diagnostics) {
  auto* extends = table.get("extends");
  if (!extends) return table;
  const auto name = extends->value_exact<std::string>();
  if (!name) {
    diagnostics.add(
        position_of(*extends), "extends",
        "wrong type (expected a file name as a string, got " + describe_node(*extends) + ")");
    return std::nullopt;
  }
  const fs::path target = directory / *name;
  std::error_code error;
  if (!fs::is_regular_file(target, error)) {
    diagnostics.add(position_of(*extends), "extends",
                    "missing file (expected a scenario file relative to " +
                        (directory.empty() ? std::string(".") : directory.string()) + ", got \"" +
                        *name + "\")");
    return std::nullopt;
  }
  const fs::path canonical = fs::weakly_canonical(target);
  for (const auto& seen : chain) {
    if (seen == canonical) {
      std::string cycle;
      for (const auto& p : chain) cycle += p.filename().string() + " -> ";
      diagnostics.add(position_of(*extends), "extends",
                      "circular extends (" + cycle + canonical.filename().string() + ")");
      return std::nullopt;
    }
  }
  auto base = parse_with_extends(target, chain, diagnostics);
  if (!base) return std::nullopt;
  table.erase("extends");
  merge_into(*base, table);
  return base;
}

std::optional<toml::table> parse_with_extends(const fs::path& path, std::vector<fs::path>& chain,
                                              Diagnostics& diagnostics) {
  std::error_code error;
  const fs::path canonical = fs::weakly_canonical(path, error);
  chain.push_back(canonical);
  std::optional<toml::table> result;
  try {
    result =
        resolve_extends(toml::parse_file(path.string()), path.parent_path(), chain, diagnostics);
  } catch (const toml::parse_error& e) {
    auto d = syntax_error(e);
    diagnostics.add(d.where, d.key, d.message);
  }
  chain.pop_back();
  return result;
}

bool is_index(const std::string& segment) {
  return !segment.empty() && segment.find_first_not_of("0123456789") == std::string::npos;
}

// Applies one "a.b.c=value" override; the value is read as TOML, or as a string
// when it is not valid TOML (so dates and names need no quotes on a command line).
void apply_override(toml::table& root, const std::string& assignment, Diagnostics& diagnostics) {
  const auto equals = assignment.find('=');
  const SourcePosition where{std::string(kOverrideSource) + " " + assignment, 0, 0};
  if (equals == std::string::npos || equals == 0) {
    diagnostics.add(where, "",
                    "malformed override (expected KEY=VALUE, got \"" + assignment + "\")");
    return;
  }
  const std::string key = assignment.substr(0, equals);
  const std::string text = assignment.substr(equals + 1);
  std::optional<toml::table> parsed;
  try {
    parsed = toml::parse("value = " + text, std::string(kOverrideSource) + " " + assignment);
  } catch (const toml::parse_error&) {
    // Not TOML: read it as a string, parsed as one so that errors still name the override.
    std::string quoted = "\"";
    for (char c : text) {
      if (c == '"' || c == '\\') quoted += '\\';
      quoted += c;
    }
    quoted += '"';
    try {
      parsed = toml::parse("value = " + quoted, std::string(kOverrideSource) + " " + assignment);
    } catch (const toml::parse_error&) {
      parsed = toml::table{};
      parsed->insert("value", text);
    }
  }
  std::vector<std::string> segments;
  for (std::size_t start = 0;;) {
    const auto dot = key.find('.', start);
    segments.push_back(key.substr(start, dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  toml::node* current = &root;
  for (std::size_t i = 0; i + 1 < segments.size(); ++i) {
    const auto& segment = segments[i];
    if (auto* array = current->as_array()) {
      const std::size_t index = is_index(segment) ? std::stoul(segment) : array->size();
      if (index >= array->size()) {
        diagnostics.add(where, key,
                        "no such array element (expected an index below " +
                            std::to_string(array->size()) + ", got \"" + segment + "\")");
        return;
      }
      current = array->get(index);
    } else if (auto* table = current->as_table()) {
      if (!table->contains(segment)) table->insert(segment, toml::table{});
      current = table->get(segment);
    } else {
      diagnostics.add(where, key, "cannot descend into \"" + segment + "\" (it is not a table)");
      return;
    }
  }
  auto* table = current->as_table();
  if (!table) {
    diagnostics.add(where, key, "cannot set an array element's value directly (expected a key)");
    return;
  }
  parsed->get("value")->visit(
      [&](auto& concrete) { table->insert_or_assign(segments.back(), std::move(concrete)); });
}

void read_domains(const toml::table& root, Scenario& scenario, BindContext& context) {
  const auto* node = root.get("domains");
  if (!node) return;  // reported as missing by bind_table
  FieldValue value;
  const auto& spec = *std::find_if(scenario_fields().begin(), scenario_fields().end(),
                                   [](const auto& f) { return f.key == "domains"; });
  if (read_field(*node, meta_of(spec), "domains", context, value))
    scenario.domains = std::get<std::vector<std::string>>(value);
}

template <class T>
void bind_array(const toml::table& root, const std::string& name,
                const std::vector<FieldSpec<T>>& specs, std::vector<T>& out, BindContext& context,
                const std::vector<std::string>& skip = {}) {
  const auto* node = root.get(name);
  if (!node) return;
  const auto* array = node->as_array();
  if (!array || !array->is_array_of_tables()) {
    context.diagnostics.add(position_of(*node), name,
                            "wrong type (expected an array of tables written [[" + name +
                                "]], got " + describe_node(*node) + ")");
    return;
  }
  for (std::size_t i = 0; i < array->size(); ++i) {
    T item;
    const auto& table = *array->get(i)->as_table();
    const std::string prefix = name + "[" + std::to_string(i) + "]";
    bind_table(table, prefix, specs, item, context, skip);
    // Domain maps left out take their documented fill value for every domain.
    for (const auto& spec : specs) {
      if (spec.type != FieldType::domain_map) continue;
      auto value = get_value(spec, item);
      auto& values = std::get<std::vector<double>>(value);
      if (values.empty()) {
        values.assign(context.domains->size(), spec.fill);
        set_value(spec, item, value);
      }
    }
    context.positions[prefix] = position_of(table);
    out.push_back(std::move(item));
  }
}

// Reads an event's `set` table: every leaf must name a schedulable scenario key.
void read_event_sets(const toml::table& root, Scenario& scenario, BindContext& context) {
  const auto* events = root.get("events");
  if (!events || !events->is_array()) return;
  const auto& array = *events->as_array();
  for (std::size_t i = 0; i < array.size() && i < scenario.events.size(); ++i) {
    const auto* table = array.get(i)->as_table();
    if (!table) continue;
    const auto* set = table->get("set");
    if (!set) continue;
    const std::string prefix = "events[" + std::to_string(i) + "].set";
    if (!set->is_table()) {
      context.diagnostics.add(
          position_of(*set), prefix,
          "wrong type (expected a table of key = value, got " + describe_node(*set) + ")");
      continue;
    }
    std::vector<std::string> known;
    for (const auto& spec : scenario_fields()) {
      if (!spec.schedulable) continue;
      if (spec.type == FieldType::domain_map) {
        for (const auto& d : scenario.domains) known.push_back(spec.key + "." + d);
      } else {
        known.push_back(spec.key);
      }
    }
    std::vector<bool> seen(known.size());
    walk_table(
        *set->as_table(), prefix, known, {}, context,
        [&](std::size_t index, const toml::node& node) {
          const std::string& key = known[index];
          const FieldSpec<Scenario>* spec = schedulable_field(key);
          FieldMeta meta;
          if (spec) {
            meta = meta_of(*spec);
          } else {
            spec = schedulable_field(key.substr(0, key.rfind('.')));
            meta = meta_of(*spec);
            meta.type = FieldType::real;
          }
          FieldValue value;
          if (!read_field(node, meta, prefix + "." + key, context, value)) return;
          if (std::holds_alternative<std::vector<double>>(value)) {
            context.diagnostics.add(position_of(node), prefix + "." + key,
                                    "lists cannot be scheduled (expected a number)");
            return;
          }
          const double number =
              std::holds_alternative<int>(value) ? std::get<int>(value) : std::get<double>(value);
          scenario.events[i].set.push_back({key, number});
        },
        seen);
  }
}

Scenario bind_scenario(const toml::table& root, Diagnostics& diagnostics) {
  Scenario scenario;
  BindContext context{diagnostics, &scenario.domains, {}, {}};
  for (const auto& spec : scenario_fields())
    if (spec.key.find('.') == std::string::npos) context.top_level_keys.push_back(spec.key);
  for (const auto& name : kArrayTables) context.top_level_keys.push_back(name);
  read_domains(root, scenario, context);
  std::vector<std::string> skip = kArrayTables;
  skip.push_back("extends");
  bind_table(root, "", scenario_fields(), scenario, context, skip);
  if (scenario.policy.foreign_knowledge_access.empty())
    scenario.policy.foreign_knowledge_access.assign(scenario.domains.size(), 1.0);
  bind_array(root, "sectors", sector_fields(), scenario.sectors, context);
  bind_array(root, "clusters", cluster_fields(), scenario.clusters, context);
  bind_array(root, "firms", firm_group_fields(), scenario.firms, context);
  bind_array(root, "universities", university_fields(), scenario.universities, context);
  bind_array(root, "centers", center_fields(), scenario.centers, context);
  bind_array(root, "funders", funder_fields(), scenario.funders, context);
  bind_array(root, "key_rate", key_rate_fields(), scenario.key_rate, context);
  bind_array(root, "events", event_fields(), scenario.events, context, {"set"});
  read_event_sets(root, scenario, context);
  check_references(scenario, context.positions, position_of(root), diagnostics);
  return scenario;
}

Scenario finish(std::optional<toml::table> root, const std::vector<std::string>& overrides,
                Diagnostics& diagnostics) {
  if (root) {
    for (const auto& assignment : overrides) apply_override(*root, assignment, diagnostics);
  }
  if (!root || !diagnostics.empty()) throw InputError(diagnostics);
  Scenario scenario = bind_scenario(*root, diagnostics);
  if (!diagnostics.empty()) {
    diagnostics.sort();
    throw InputError(diagnostics);
  }
  return scenario;
}

}  // namespace

Scenario load_scenario_file(const std::string& path, const std::vector<std::string>& overrides) {
  Diagnostics diagnostics;
  std::error_code error;
  if (!fs::is_regular_file(path, error)) {
    diagnostics.add({path, 0, 0}, "", "cannot read the scenario file (expected an existing file)");
    throw InputError(diagnostics);
  }
  std::vector<fs::path> chain;
  return finish(parse_with_extends(path, chain, diagnostics), overrides, diagnostics);
}

Scenario load_scenario_text(const std::string& text, const std::string& source_name,
                            const std::vector<std::string>& overrides) {
  Diagnostics diagnostics;
  auto root = parse_text(text, source_name, diagnostics);
  if (root && root->contains("extends")) {
    std::vector<fs::path> chain;
    root = resolve_extends(std::move(*root), fs::path{}, chain, diagnostics);
  }
  return finish(std::move(root), overrides, diagnostics);
}

}  // namespace clustersim
