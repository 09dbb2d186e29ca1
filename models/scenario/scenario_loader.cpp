#include "models/scenario/scenario_loader.hpp"

#include <algorithm>
#include <filesystem>
#include <set>
#include <vector>

#include <toml++/toml.h>

#include "models/scenario/scenario_schema.hpp"
#include "models/scenario/scenario_validation.hpp"
#include "sim/diagnostics.hpp"
#include "sim/toml_document.hpp"

namespace clustersim {
namespace {

// Keys the model no longer reads (matched on the end of the key, so under parameters and in
// an event's set), with what took their place.
std::vector<std::pair<std::string, std::string>> removed_scenario_keys() {
  const std::string startups =
      "removed in issue 25: start-ups from successful firms are employee spin-outs at "
      "demography.startup_rate a year (at the reference margin, rising with the parent's margin "
      "and recent innovations; docs/model.md 3.8), not a monthly chance above an innovation "
      "threshold; delete this key";
  return {{"demography.startup_probability", startups},
          {"demography.startup_innovations", startups},
          {"production.shock_size_exponent",
           "removed at stop 38 (issue 25, item 4): a firm's demand shock has the same spread at "
           "every size, and how growth volatility falls with size is left to emerge (docs/model.md "
           "3.7, \"Market selection\"); delete this key"},
          {"sanctions.substitute_capacity",
           "removed in issue 25: a holder of an import substitute no longer replaces a fixed "
           "share of a domain's imports; it supplies sanctions.substitute_output_share of its "
           "productive capacity and the domain's share replaced is that supply over its needs "
           "(docs/model.md 3.9); use sanctions.substitute_output_share instead"}};
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
  BindContext context{diagnostics, &scenario.domains, {}, {}, removed_scenario_keys()};
  for (const auto& spec : scenario_fields())
    if (spec.key.find('.') == std::string::npos) context.top_level_keys.push_back(spec.key);
  const auto arrays = scenario_array_table_names();
  context.top_level_keys.insert(context.top_level_keys.end(), arrays.begin(), arrays.end());
  read_domains(root, scenario, context);
  std::vector<std::string> skip = arrays;
  skip.push_back("extends");
  bind_table(root, "", scenario_fields(), scenario, context, skip);
  if (scenario.policy.foreign_knowledge_access.empty())
    scenario.policy.foreign_knowledge_access.assign(scenario.domains.size(), 1.0);
  if (scenario.parameters.domestic_share.empty())
    scenario.parameters.domestic_share.assign(scenario.domains.size(), 0.0);
  for (const auto& table : scenario_array_tables()) table.bind(root, scenario, context);
  read_event_sets(root, scenario, context);
  check_references(scenario, context.positions, position_of(root), diagnostics);
  return scenario;
}

Scenario finish(std::optional<toml::table> root, const std::vector<std::string>& overrides,
                Diagnostics& diagnostics) {
  if (!root) throw InputError(diagnostics);
  // An override that cannot be applied is skipped and reported; binding goes on, so the
  // file's own problems and the later overrides' are reported in the same run.
  for (const auto& assignment : overrides) apply_override(*root, assignment, diagnostics);
  Scenario scenario = bind_scenario(*root, diagnostics);
  if (!diagnostics.empty()) {
    diagnostics.sort();
    throw InputError(diagnostics);
  }
  return scenario;
}

}  // namespace

namespace {

// "; did you mean "scenarios/tomsk.toml"?" when the file is in the scenarios folder below
// the one named (a shipped scenario given without its folder) or a .toml file in the same
// folder is a near spelling of its name, else "".
std::string nearest_file_hint(const std::string& path) {
  const std::filesystem::path missing(path);
  auto folder = missing.parent_path();
  std::error_code error;
  if (const auto shipped = folder / "scenarios" / missing.filename();
      std::filesystem::is_regular_file(shipped, error))
    return "; did you mean \"" + shipped.string() + "\"?";
  if (!std::filesystem::is_directory(folder.empty() ? "." : folder, error)) return "";
  std::vector<std::string> names;
  for (const auto& entry :
       std::filesystem::directory_iterator(folder.empty() ? "." : folder, error)) {
    // Files only, and not the name that failed (a folder or a dangling link of that name).
    const auto file = entry.path().filename().string();
    if (entry.path().extension() == ".toml" && file != missing.filename().string() &&
        entry.is_regular_file(error))
      names.push_back(file);
    if (names.size() >= 1000) break;  // a folder of thousands is not worth the search
  }
  std::sort(names.begin(), names.end());  // the same answer whatever the folder's order
  const auto name = missing.filename().string();
  const auto near = closest_match(name, names);
  // A misspelling, not any name: at most a third of the name's letters differ.
  if (near.empty() || edit_distance(name, near) > std::max<int>(2, int(name.size()) / 3)) return "";
  return "; did you mean \"" + (folder / near).string() + "\"?";
}

}  // namespace

Scenario load_scenario_file(const std::string& path, const std::vector<std::string>& overrides) {
  Diagnostics diagnostics;
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) {
    diagnostics.add(
        {path, 0, 0}, "",
        "cannot read the scenario file (expected an existing file" + nearest_file_hint(path) + ")");
    throw InputError(diagnostics);
  }
  return finish(read_document_file(path, diagnostics), overrides, diagnostics);
}

Scenario load_scenario_text(const std::string& text, const std::string& source_name,
                            const std::vector<std::string>& overrides, const ExtendsScope& scope) {
  Diagnostics diagnostics;
  return finish(read_document_text(text, source_name, diagnostics, scope), overrides, diagnostics);
}

}  // namespace clustersim
