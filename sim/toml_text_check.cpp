// The check of a text before toml++ parses it (check_toml_text, check_text_encoding,
// declared in sim/toml_document.hpp).
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "sim/toml_document.hpp"

namespace clustersim {
namespace {

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
          while (!done() &&
                 (current() == ' ' || current() == '\t' || current() == '\r' || current() == '\n'))
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

  // Where the structural scan stands (outside strings and comments).
  struct Structure {
    bool ok = true;
    bool line_start = true;             // nothing but blanks since the last line break
    bool in_header = false;             // inside [table] or [[table]]
    bool after_equals = false;          // a key's `=` seen, its value not yet started
    bool array_value_expected = false;  // after an array's '[' or ','
    std::vector<char> nesting;          // open '[' and '{' of values
  };

  // Comments and blanks; false when `cp` is neither.
  bool skip_comment_or_blank(char32_t cp, Structure& s) {
    if (cp == '#') {
      while (!done() && current() != '\n') advance();
      return true;
    }
    if (cp != ' ' && cp != '\t' && cp != '\r' && cp != '\n') return false;
    advance();
    if (cp == '\n' && s.nesting.empty()) {
      s.line_start = true;
      s.in_header = false;
      s.after_equals = false;  // toml++ reports the missing value
    }
    return true;
  }

  // A value missing after '=' or inside an array; reports and returns false.
  bool value_present(char32_t cp, int l, int c, Structure& s) {
    if (s.after_equals) {
      s.after_equals = false;
      if (cp == ']' || cp == '}' || cp == ',') {
        report(l, c,
               std::string("a key's value is missing (expected a value after '=', got '") +
                   char(cp) + "')");
        return false;
      }
    }
    if (s.array_value_expected) {
      s.array_value_expected = false;
      if (cp == '}') {
        report(l, c, "expected a value or ']' in an array, got '}'");
        return false;
      }
    }
    return true;
  }

  void quoted(int l, int c, Structure& s) {
    const bool non_ascii = skip_string(s.ok);
    // A quoted key is followed by '=' or '.', or closes a table header.
    std::size_t next = at;
    while (next < text.size() && (text[next] == ' ' || text[next] == '\t')) ++next;
    const char follower = next < text.size() ? text[next] : '\n';
    const bool key = follower == '=' || follower == '.' || (s.in_header && follower == ']');
    if (non_ascii && key) {
      report(l, c, "non-ASCII characters in a quoted key (expected an ASCII key)");
      s.ok = false;
    }
    s.line_start = false;
  }

  // A [table] or [[table]] header must start with a key; false when it does not.
  bool header(Structure& s) {
    s.in_header = true;
    s.line_start = false;
    advance();
    if (!done() && current() == '[') advance();
    skip_blanks();
    const char32_t first = current();
    const bool bare = (first >= 'A' && first <= 'Z') || (first >= 'a' && first <= 'z') ||
                      (first >= '0' && first <= '9') || first == '_' || first == '-';
    if (bare || first == '"' || first == '\'' || first == ']') return true;
    report(line, column,
           "malformed table header (expected a key after '[', e.g. [parameters] or [[firms]])");
    return false;
  }

  void track_values(char32_t cp, Structure& s) {
    if (cp == '=') {
      s.after_equals = true;
    } else if (cp == '[' || cp == '{') {
      s.nesting.push_back(char(cp));
      s.array_value_expected = cp == '[';
    } else if ((cp == ']' || cp == '}') && !s.nesting.empty()) {
      s.nesting.pop_back();
    } else if (cp == ',' && !s.nesting.empty() && s.nesting.back() == '[') {
      s.array_value_expected = true;
    }
  }

  bool check_structure() {
    Structure s;
    while (!done()) {
      const char32_t cp = current();
      const int l = line, c = column;
      if (skip_comment_or_blank(cp, s)) continue;
      if (cp >= 0x80) {
        report(l, c,
               "non-ASCII character outside a string or comment (expected keys and values in "
               "ASCII; put other text in quotes)");
        return false;
      }
      if (!value_present(cp, l, c, s)) return false;
      if (cp == '"' || cp == '\'') {
        quoted(l, c, s);
        continue;
      }
      if (s.line_start && s.nesting.empty() && cp == '[') {
        if (!header(s)) return false;
        continue;
      }
      s.line_start = false;
      if (!s.in_header) track_values(cp, s);
      advance();
    }
    return s.ok;
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

}  // namespace clustersim
