#include "sim/toml_document.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>

#include "sim/schema.hpp"

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

std::size_t element_index(const toml::array& array, const std::string& segment);

void merge_into(toml::table& base, toml::table& child);

// True when every key of `child` names a table element of `array` (by index or by its
// `name`), as `[sectors.pharma]` or `sectors.0.x = 1` does for an inherited `[[sectors]]`.
bool addresses_elements(const toml::array& array, const toml::table& child) {
  for (auto&& [key, node] : child) {
    const std::size_t index = element_index(array, std::string(key.str()));
    if (index >= array.size() || !array.get(index)->is_table() || !node.is_table()) return false;
  }
  return true;
}

// Moves `child` into `base`: tables merge key by key; a table whose keys all name elements
// of an inherited array of tables amends those elements (so a fitted scenario can set
// `sectors.pharma.input_cost_share`); anything else replaces. Moving (not copying) keeps
// each node's source position for error messages.
void merge_into(toml::table& base, toml::table& child) {
  for (auto&& [key, node] : child) {
    auto* base_node = base.get(key);
    if (base_node && base_node->is_table() && node.is_table()) {
      merge_into(*base_node->as_table(), *node.as_table());
      continue;
    }
    auto* array = base_node ? base_node->as_array() : nullptr;
    if (array && node.is_table() && addresses_elements(*array, *node.as_table())) {
      for (auto&& [element, amendment] : *node.as_table())
        merge_into(*array->get(element_index(*array, std::string(element.str())))->as_table(),
                   *amendment.as_table());
      continue;
    }
    node.visit([&, &k = key](auto& concrete) { base.insert_or_assign(k, std::move(concrete)); });
  }
}

std::optional<toml::table> parse_text(const std::string& text, const std::string& source,
                                      Diagnostics& diagnostics) {
  if (!check_toml_text(text, source, diagnostics)) return std::nullopt;
  try {
    return toml::parse(text, source);
  } catch (const toml::parse_error& error) {
    auto d = syntax_error(error);
    diagnostics.add(d.where, d.key, d.message);
    return std::nullopt;
  }
}

// The folder an `extends` chain must stay in (canonical), or empty for anywhere.
using Confinement = fs::path;

std::optional<toml::table> parse_with_extends(const fs::path& path, std::vector<fs::path>& chain,
                                              const Confinement& confine, Diagnostics& diagnostics);

// True when `path` (canonical) lies below `folder` (canonical).
bool lies_inside(const fs::path& folder, const fs::path& path) {
  auto inner = path.begin();
  for (auto outer = folder.begin(); outer != folder.end(); ++outer, ++inner) {
    if (outer->empty()) continue;  // a trailing separator
    if (inner == path.end() || *inner != *outer) return false;
  }
  return inner != path.end();
}

// Reads a whole file; false (with a diagnostic) when it cannot be read, is too large or
// is an HDF5 results file.
bool read_text_file(const fs::path& path, std::string& text, Diagnostics& diagnostics) {
  constexpr std::uintmax_t kMaxBytes = std::uintmax_t(256) << 20;  // far beyond any scenario
  std::error_code error;
  const auto size = fs::file_size(path, error);
  if (!error && size > kMaxBytes) {
    diagnostics.add({path.string(), 0, 0}, "",
                    "file too large (expected a scenario of at most 256 MB, got " +
                        std::to_string(size >> 20) + " MB)");
    return false;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    diagnostics.add({path.string(), 0, 0}, "", "cannot read the file (expected a readable file)");
    return false;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  text = std::move(buffer).str();
  if (text.starts_with("\x89HDF\r\n")) {
    diagnostics.add({path.string(), 0, 0}, "",
                    "an HDF5 results file, not TOML text (expected a TOML scenario or targets "
                    "file; `clustersim inspect` and `rerun` read results files)");
    return false;
  }
  if (text.starts_with("\xEF\xBB\xBF")) text.erase(0, 3);  // UTF-8 byte order mark
  return true;
}

// Resolves the `extends` key of `table` (parsed from `path`) into a merged table.
std::optional<toml::table> resolve_extends(toml::table table, const fs::path& directory,
                                           std::vector<fs::path>& chain, const Confinement& confine,
                                           Diagnostics& diagnostics) {
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
  // Checked before the file is even looked at, so that whether it exists is not told.
  if (!confine.empty() && !lies_inside(confine, fs::weakly_canonical(target, error))) {
    diagnostics.add(position_of(*extends), "extends",
                    "outside the shipped scenarios' folder (expected the name of a scenario "
                    "file in it, such as \"tutorial.toml\", got \"" +
                        *name + "\")");
    return std::nullopt;
  }
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
  // Confined, the file read is the one checked (resolved), not the name a link could
  // change in between.
  auto base = parse_with_extends(confine.empty() ? target : fs::weakly_canonical(target, error),
                                 chain, confine, diagnostics);
  if (!base) return std::nullopt;
  table.erase("extends");
  merge_into(*base, table);
  return base;
}

std::optional<toml::table> parse_with_extends(const fs::path& path, std::vector<fs::path>& chain,
                                              const Confinement& confine,
                                              Diagnostics& diagnostics) {
  std::error_code error;
  const fs::path canonical = fs::weakly_canonical(path, error);
  chain.push_back(canonical);
  std::optional<toml::table> result;
  std::string text;
  if (read_text_file(path, text, diagnostics)) {
    auto parsed = parse_text(text, path.string(), diagnostics);
    if (parsed)
      result = resolve_extends(std::move(*parsed), path.parent_path(), chain, confine, diagnostics);
  }
  chain.pop_back();
  return result;
}

bool is_index(const std::string& segment) {
  return !segment.empty() && segment.find_first_not_of("0123456789") == std::string::npos;
}

// The override's value as a one-key table {value = ...}: TOML if it parses, else the
// text as a string (parsed as one, so that errors still name the override).
toml::table parse_override_value(const std::string& text, const std::string& source) {
  Diagnostics scratch;  // an override that is not TOML is a string
  if (check_toml_text("value = " + text, source, scratch)) {
    try {
      return toml::parse("value = " + text, source);
    } catch (const toml::parse_error&) {
    }
  }
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  quoted += '"';
  try {
    return toml::parse("value = " + quoted, source);
  } catch (const toml::parse_error&) {
    toml::table table;
    table.insert("value", text);
    return table;
  }
}

std::vector<std::string> split_key(const std::string& key) {
  std::vector<std::string> segments;
  for (std::size_t start = 0;;) {
    const auto dot = key.find('.', start);
    segments.push_back(key.substr(start, dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return segments;
}

// The element a key segment addresses: an index, or the name of a table in the array
// (`events.sanctions.date`); the array's size when there is none. An index too large
// for size_t is simply out of range.
std::size_t element_index(const toml::array& array, const std::string& segment) {
  if (is_index(segment)) {
    std::size_t index = array.size();
    const auto* end = segment.data() + segment.size();
    const auto [rest, error] = std::from_chars(segment.data(), end, index);
    return error != std::errc() || rest != end ? array.size() : index;
  }
  for (std::size_t i = 0; i < array.size(); ++i) {
    const auto* table = array.get(i)->as_table();
    const auto* name = table ? table->get("name") : nullptr;
    if (name && name->value_exact<std::string>() == segment) return i;
  }
  return array.size();
}

// " (names: a, b)" for an array of named tables, else "".
std::string element_names(const toml::array& array) {
  std::string names;
  for (const auto& element : array) {
    const auto* table = element.as_table();
    const auto* name = table ? table->get("name") : nullptr;
    if (const auto text = name ? name->value_exact<std::string>() : std::nullopt)
      names += (names.empty() ? "" : ", ") + *text;
    if (names.size() > 200) return " (names: " + names + ", ...)";
  }
  return names.empty() ? "" : " (names: " + names + ")";
}

// An empty table whose source is `source`, so that an error about a table an override
// created (an unknown `parameters.nosuch`) still names the override.
toml::table table_from(const std::string& source) {
  auto parsed = toml::parse("table = {}", source);
  toml::table table = std::move(*parsed.get("table")->as_table());
  table.is_inline(false);
  return table;
}

// The table that holds the key's last segment, creating tables on the way; nullptr
// (with a diagnostic) when the path runs through a value or a missing array element.
toml::table* parent_table(toml::table& root, const std::vector<std::string>& segments,
                          const SourcePosition& where, const std::string& key,
                          Diagnostics& diagnostics) {
  toml::node* current = &root;
  for (std::size_t i = 0; i + 1 < segments.size(); ++i) {
    const auto& segment = segments[i];
    if (auto* array = current->as_array()) {
      const std::size_t index = element_index(*array, segment);
      if (index >= array->size()) {
        diagnostics.add(where, key,
                        "no such array element (expected an index below " +
                            std::to_string(array->size()) + " or an element's name" +
                            element_names(*array) + ", got \"" + segment + "\")");
        return nullptr;
      }
      current = array->get(index);
    } else if (auto* table = current->as_table()) {
      if (!table->contains(segment)) table->insert(segment, table_from(where.file));
      current = table->get(segment);
    } else {
      diagnostics.add(where, key, "cannot descend into \"" + segment + "\" (it is not a table)");
      return nullptr;
    }
  }
  auto* table = current->as_table();
  if (!table && current->is_array())
    diagnostics.add(where, key, "cannot set an array element's value directly (expected a key)");
  else if (!table)
    diagnostics.add(where, key,
                    "cannot descend into \"" + segments[segments.size() - 2] +
                        "\" (it is a value, not a table)");
  return table;
}

}  // namespace

std::string override_source(const std::string& assignment) {
  return std::string(kOverrideSource) + " " + assignment;
}

void apply_override(toml::table& root, const std::string& assignment, Diagnostics& diagnostics) {
  const auto equals = assignment.find('=');
  const std::string source = override_source(assignment);
  const SourcePosition where{source, 0, 0};
  if (equals == std::string::npos || equals == 0) {
    diagnostics.add(where, "",
                    "malformed override (expected KEY=VALUE, got \"" + assignment + "\")");
    return;
  }
  if (!check_text_encoding(assignment, source, diagnostics)) return;
  const std::string key = assignment.substr(0, equals);
  toml::table parsed = parse_override_value(assignment.substr(equals + 1), source);
  const auto segments = split_key(key);
  auto* table = parent_table(root, segments, where, key, diagnostics);
  if (!table) return;
  parsed.get("value")->visit(
      [&](auto& concrete) { table->insert_or_assign(segments.back(), std::move(concrete)); });
}

std::optional<toml::table> read_document_file(const std::string& path, Diagnostics& diagnostics) {
  std::error_code error;
  if (!fs::is_regular_file(path, error)) {
    diagnostics.add({path, 0, 0}, "", "cannot read the file (expected an existing file)");
    return std::nullopt;
  }
  std::vector<fs::path> chain;
  return parse_with_extends(path, chain, Confinement{}, diagnostics);
}

std::vector<std::string> document_files(const std::string& path) {
  std::vector<std::string> files;
  fs::path current = path;
  std::error_code error;
  // Bounded: a cycle is reported by the loader, here it only stops the walk.
  for (int depth = 0; depth < 64 && fs::is_regular_file(current, error); ++depth) {
    if (std::find(files.begin(), files.end(), current.string()) != files.end()) break;
    files.push_back(current.string());
    std::string text;
    Diagnostics ignored;
    if (!read_text_file(current, text, ignored)) break;
    const auto table = parse_text(text, current.string(), ignored);
    const auto* extends = table ? table->get("extends") : nullptr;
    const auto name = extends ? extends->value_exact<std::string>() : std::nullopt;
    if (!name) break;
    current = current.parent_path() / *name;
  }
  return files;
}

std::optional<toml::table> read_document_text(const std::string& text,
                                              const std::string& source_name,
                                              Diagnostics& diagnostics, const ExtendsScope& scope) {
  auto root = parse_text(text, source_name, diagnostics);
  // The key as parsed: quoted, literal and escaped spellings all arrive as "extends".
  if (root && root->contains("extends")) {
    Confinement confine;
    if (scope.confined) {
      std::error_code error;
      confine = fs::canonical(scope.directory.empty() ? fs::path(".") : scope.directory, error);
      if (error) {
        diagnostics.add(position_of(*root->get("extends")), "extends",
                        "no scenarios folder to extend from (expected a self-contained file)");
        return std::nullopt;
      }
    }
    std::vector<fs::path> chain;
    root = resolve_extends(std::move(*root), scope.directory, chain, confine, diagnostics);
  }
  return root;
}

}  // namespace clustersim
