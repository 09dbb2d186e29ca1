#include "sim/toml_document.hpp"

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

// ---- Checks before toml++ sees a text -------------------------------------------------
// Debian's toml++ 3.3 has undefined behaviour on some malformed inputs: non-ASCII
// characters where it tests for whitespace (outside strings, inside quoted keys, after a
// line-ending backslash) reach TOML_UNREACHABLE, and a table header or value that starts
// with a delimiter ("[,x]", "[ }") breaks assertions in parse_key and parse_value. The
// scanner below rejects those inputs with a diagnostic before parsing, and checks that
// the text is UTF-8 without the control characters TOML forbids.
struct TextScanner {
  const std::string& text;
  const std::string& source;
  Diagnostics& diagnostics;
  std::size_t at = 0;
  int line = 1, column = 1;

  void report(int l, int c, const std::string& message) {
    diagnostics.add({source, l, c}, "", "syntax error: " + message);
  }

  // The code point at byte `i` and its length in bytes; length 0 when not valid UTF-8.
  std::pair<char32_t, int> peek(std::size_t i) const {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char b = byte(i);
    if (b < 0x80) return {b, 1};
    const int length = b >= 0xF0 && b <= 0xF4   ? 4
                       : b >= 0xE0 && b <= 0xEF ? 3
                       : b >= 0xC2 && b <= 0xDF ? 2
                                                : 0;
    if (length == 0 || i + std::size_t(length) > text.size()) return {0, 0};
    char32_t c = b & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07);
    for (int k = 1; k < length; ++k) {
      const unsigned char next = byte(i + std::size_t(k));
      if ((next & 0xC0) != 0x80) return {0, 0};
      c = (c << 6) | (next & 0x3F);
    }
    const char32_t smallest = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000;
    if (c < smallest || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return {0, 0};
    return {c, length};
  }

  // Encoding and control characters of the whole text; false after reporting.
  bool check_encoding() {
    int l = 1, c = 1;
    for (std::size_t i = 0; i < text.size();) {
      const auto [cp, length] = peek(i);
      if (length == 0) {
        report(l, c, "invalid UTF-8 (expected a UTF-8 text file)");
        return false;
      }
      const bool crlf = cp == '\r' && i + 1 < text.size() && text[i + 1] == '\n';
      if ((cp < 0x20 && cp != '\t' && cp != '\n' && !crlf) || cp == 0x7F) {
        char code[16];
        std::snprintf(code, sizeof code, "U+%04X", unsigned(cp));
        report(l, c,
               std::string("control character ") + code +
                   " (expected text: only tab and line breaks are allowed)");
        return false;
      }
      if (cp == '\n') {
        ++l;
        c = 1;
      } else {
        ++c;
      }
      i += std::size_t(length);
    }
    return true;
  }

  bool done() const { return at >= text.size(); }
  char32_t current() const { return done() ? 0 : peek(at).first; }
  void advance() {
    if (done()) return;
    const auto [cp, length] = peek(at);
    at += std::size_t(length == 0 ? 1 : length);
    if (cp == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  void skip_blanks() {
    while (!done() && (current() == ' ' || current() == '\t')) advance();
  }
  bool starts_with(const std::string& token) const {
    return text.compare(at, token.size(), token) == 0;
  }

  // Skips the string that starts at `at`; returns whether it held non-ASCII characters.
  bool skip_string(bool& ok) {
    const char quote = text[at];
    const std::string triple(3, quote);
    const bool multi = starts_with(triple);
    for (int k = 0; k < (multi ? 3 : 1); ++k) advance();
    bool non_ascii = false;
    while (!done()) {
      const char32_t cp = current();
      if (!multi && cp == '\n') return non_ascii;  // unterminated: toml++ reports it
      if (multi && starts_with(triple)) {
        for (int k = 0; k < 3; ++k) advance();
        for (int k = 0; k < 2 && !done() && text[at] == quote; ++k) advance();
        return non_ascii;
      }
      if (!multi && cp == char32_t(quote)) {
        advance();
        return non_ascii;
      }
      if (cp >= 0x80) non_ascii = true;
      if (quote == '"' && cp == '\\') {
        advance();
        if (done()) return non_ascii;
        const char32_t escaped = current();
        if (escaped >= 0x80) {
          report(line, column, "invalid escape sequence (expected \\n, \\t, \\uXXXX, ...)");
          ok = false;
        }
        if (multi && (escaped == ' ' || escaped == '\t' || escaped == '\r' || escaped == '\n')) {
          // A line-ending backslash: toml++ skips whitespace and tests the next character.
          while (!done() && (current() == ' ' || current() == '\t' || current() == '\r' ||
                             current() == '\n'))
            advance();
          if (!done() && current() >= 0x80) {
            report(line, column,
                   "non-ASCII character right after a line-ending backslash (expected an "
                   "ASCII character or an escape such as \\u00A0 first)");
            ok = false;
          }
          continue;
        }
      }
      advance();
    }
    return non_ascii;
  }

  bool check_structure() {
    bool ok = true;
    bool line_start = true;     // nothing but blanks since the last line break (outside values)
    bool in_header = false;     // inside [table] or [[table]]
    bool after_equals = false;  // a key's `=` seen, its value not yet started
    bool array_value_expected = false;  // after an array's '[' or ','
    std::vector<char> nesting;          // open '[' and '{' of values
    while (!done()) {
      const char32_t cp = current();
      const int l = line, c = column;
      if (cp == '#') {
        while (!done() && current() != '\n') advance();
        continue;
      }
      if (cp == ' ' || cp == '\t' || cp == '\r' || cp == '\n') {
        advance();
        if (cp == '\n' && nesting.empty()) {
          line_start = true;
          in_header = false;
          after_equals = false;  // toml++ reports the missing value
        }
        continue;
      }
      if (cp >= 0x80) {
        report(l, c,
               "non-ASCII character outside a string or comment (expected keys and values in "
               "ASCII; put other text in quotes)");
        return false;
      }
      if (after_equals) {
        after_equals = false;
        if (cp == ']' || cp == '}' || cp == ',') {
          report(l, c,
                 std::string("a key's value is missing (expected a value after '=', got '") +
                     char(cp) + "')");
          return false;
        }
      }
      if (array_value_expected) {
        array_value_expected = false;
        if (cp == '}') {
          report(l, c, "expected a value or ']' in an array, got '}'");
          return false;
        }
      }
      if (cp == '"' || cp == '\'') {
        const bool non_ascii = skip_string(ok);
        // A quoted key is followed by '=' or '.', or closes a table header.
        std::size_t next = at;
        while (next < text.size() && (text[next] == ' ' || text[next] == '\t')) ++next;
        const char follower = next < text.size() ? text[next] : '\n';
        const bool key = follower == '=' || follower == '.' || (in_header && follower == ']');
        if (non_ascii && key) {
          report(l, c, "non-ASCII characters in a quoted key (expected an ASCII key)");
          ok = false;
        }
        line_start = false;
        continue;
      }
      if (line_start && nesting.empty() && cp == '[') {
        in_header = true;
        line_start = false;
        advance();
        if (!done() && current() == '[') advance();
        skip_blanks();
        const char32_t first = current();
        const bool bare = (first >= 'A' && first <= 'Z') || (first >= 'a' && first <= 'z') ||
                          (first >= '0' && first <= '9') || first == '_' || first == '-';
        if (!bare && first != '"' && first != '\'' && first != ']') {
          report(line, column,
                 "malformed table header (expected a key after '[', e.g. [parameters] or "
                 "[[firms]])");
          return false;
        }
        continue;
      }
      line_start = false;
      if (!in_header) {
        if (cp == '=') {
          after_equals = true;
        } else if (cp == '[' || cp == '{') {
          nesting.push_back(char(cp));
          array_value_expected = cp == '[';
        } else if ((cp == ']' || cp == '}') && !nesting.empty()) {
          nesting.pop_back();
        } else if (cp == ',' && !nesting.empty() && nesting.back() == '[') {
          array_value_expected = true;
        }
      }
      advance();
    }
    return ok;
  }
};

}  // namespace

bool check_text_encoding(const std::string& text, const std::string& source_name,
                         Diagnostics& diagnostics) {
  return TextScanner{text, source_name, diagnostics}.check_encoding();
}

bool check_toml_text(const std::string& text, const std::string& source_name,
                     Diagnostics& diagnostics) {
  TextScanner scanner{text, source_name, diagnostics};
  if (!scanner.check_encoding()) return false;
  return scanner.check_structure();
}

namespace {

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
  if (!check_toml_text(text, source, diagnostics)) return std::nullopt;
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
                    "an HDF5 results file, not a scenario (expected a TOML scenario; "
                    "`clustersim inspect` and `rerun` read results files)");
    return false;
  }
  if (text.starts_with("\xEF\xBB\xBF")) text.erase(0, 3);  // UTF-8 byte order mark
  return true;
}

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
  std::string text;
  if (read_text_file(path, text, diagnostics)) {
    auto parsed = parse_text(text, path.string(), diagnostics);
    if (parsed)
      result = resolve_extends(std::move(*parsed), path.parent_path(), chain, diagnostics);
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

// The table that holds the key's last segment, creating tables on the way; nullptr
// (with a diagnostic) when the path runs through a value or a missing array element.
toml::table* parent_table(toml::table& root, const std::vector<std::string>& segments,
                          const SourcePosition& where, const std::string& key,
                          Diagnostics& diagnostics) {
  toml::node* current = &root;
  for (std::size_t i = 0; i + 1 < segments.size(); ++i) {
    const auto& segment = segments[i];
    if (auto* array = current->as_array()) {
      // An index too large for size_t is simply out of range.
      std::size_t index = array->size();
      if (is_index(segment)) {
        const auto* end = segment.data() + segment.size();
        const auto [rest, error] = std::from_chars(segment.data(), end, index);
        if (error != std::errc() || rest != end) index = array->size();
      }
      if (index >= array->size()) {
        diagnostics.add(where, key,
                        "no such array element (expected an index below " +
                            std::to_string(array->size()) + ", got \"" + segment + "\")");
        return nullptr;
      }
      current = array->get(index);
    } else if (auto* table = current->as_table()) {
      if (!table->contains(segment)) table->insert(segment, toml::table{});
      current = table->get(segment);
    } else {
      diagnostics.add(where, key, "cannot descend into \"" + segment + "\" (it is not a table)");
      return nullptr;
    }
  }
  auto* table = current->as_table();
  if (!table)
    diagnostics.add(where, key, "cannot set an array element's value directly (expected a key)");
  return table;
}

}  // namespace

void apply_override(toml::table& root, const std::string& assignment, Diagnostics& diagnostics) {
  const auto equals = assignment.find('=');
  const std::string source = std::string(kOverrideSource) + " " + assignment;
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
  return parse_with_extends(path, chain, diagnostics);
}

std::optional<toml::table> read_document_text(const std::string& text,
                                              const std::string& source_name,
                                              Diagnostics& diagnostics) {
  auto root = parse_text(text, source_name, diagnostics);
  if (root && root->contains("extends")) {
    std::vector<fs::path> chain;
    root = resolve_extends(std::move(*root), fs::path{}, chain, diagnostics);
  }
  return root;
}

}  // namespace clustersim
