#pragma once
// Reading an input document before it is bound to a schema: TOML parsing with
// positions, `extends = "base.toml"` (tables merge key by key, anything else
// replaces) and command-line overrides `KEY=VALUE` (array elements by index).
// Every problem is added to the diagnostics with its file:line:column.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "sim/diagnostics.hpp"

namespace clustersim {

// Parses the file at `path` and everything it extends, merged. nullopt on error.
std::optional<toml::table> read_document_file(const std::string& path, Diagnostics& diagnostics);

// The files a document at `path` is read from: `path`, then every file it `extends`,
// in order, as far as they can be read. Problems are left to read_document_file.
std::vector<std::string> document_files(const std::string& path);

// Where `extends` may lead from a text that has no file of its own. A relative name is
// resolved from `directory` (empty: the current folder). With `confined`, every file of
// the chain must lie inside `directory` once links are resolved: a text that came from
// elsewhere (an upload to `clustersim serve`) may extend only the files beside the
// shipped scenarios, never name any other file on disk.
struct ExtendsScope {
  std::filesystem::path directory;
  bool confined = false;
};

// Parses `text` (named `source_name` in positions), resolving `extends` within `scope`.
// nullopt on error.
std::optional<toml::table> read_document_text(const std::string& text,
                                              const std::string& source_name,
                                              Diagnostics& diagnostics,
                                              const ExtendsScope& scope = {});

// Checks a text before it is parsed: UTF-8, no control characters but tab and line
// breaks, and none of the malformed constructs on which toml++ 3.3 has undefined
// behaviour (non-ASCII outside strings and comments or in quoted keys, "[,", "[ }").
// Reports the first problem and returns false.
bool check_toml_text(const std::string& text, const std::string& source_name,
                     Diagnostics& diagnostics);
// Only the encoding part: UTF-8 without control characters.
bool check_text_encoding(const std::string& text, const std::string& source_name,
                         Diagnostics& diagnostics);

// Applies one "a.b.c=value" override; the value is read as TOML, or as a string when
// it is not valid TOML (so dates and names need no quotes on a command line).
void apply_override(toml::table& root, const std::string& assignment, Diagnostics& diagnostics);
// The source an override's problems are reported at: "--set KEY=VALUE".
std::string override_source(const std::string& assignment);

}  // namespace clustersim
