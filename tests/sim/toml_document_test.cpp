// Texts are checked before toml++ parses them (it has undefined behaviour on some
// malformed inputs), and overrides with huge array indices are bad input, not a crash.
#include <gtest/gtest.h>

#include <string>

#include "sim/diagnostics.hpp"
#include "sim/toml_document.hpp"
#include "support/files.hpp"

namespace clustersim {
namespace {

using testing::contains;

// The first problem check_toml_text reports, or "" when the text passes.
std::string problem(const std::string& text) {
  Diagnostics diagnostics;
  const bool ok = check_toml_text(text, "t.toml", diagnostics);
  EXPECT_EQ(ok, diagnostics.empty());
  return ok ? "" : diagnostics.items().front().to_string();
}

TEST(TomlCheck, known_inputs_that_break_toml_plus_plus_assertions_are_rejected_first) {
  EXPECT_TRUE(
      contains(problem("[,[firms]]\n"), "t.toml:1:2: syntax error: malformed table header"));
  EXPECT_TRUE(
      contains(problem("domains = [ },\n"), "t.toml:1:13: syntax error: expected a value or ']'"));
  EXPECT_TRUE(contains(problem("a = [1, }]\n"), "expected a value or ']'"));
  EXPECT_TRUE(contains(problem("a = }\n"), "a key's value is missing"));
  EXPECT_TRUE(contains(problem("x = { y = , }\n"), "a key's value is missing"));
}

TEST(TomlCheck, encoding_and_control_characters) {
  EXPECT_TRUE(contains(problem("a = \"\xff\"\n"), "1:6: syntax error: invalid UTF-8"));
  EXPECT_TRUE(contains(problem("a = \"\xc0\xaf\"\n"), "invalid UTF-8"));      // overlong
  EXPECT_TRUE(contains(problem("a = \"\xed\xa0\x80\"\n"), "invalid UTF-8"));  // surrogate
  EXPECT_TRUE(contains(problem("a = 1\x01\n"), "control character U+0001"));
  EXPECT_TRUE(contains(problem("# \x7f\n"), "control character U+007F"));
  EXPECT_TRUE(contains(problem("a = 1\rb = 2\n"), "control character U+000D"));
  EXPECT_EQ(problem("a = 1\r\nb = 2\r\n"), "");
}

TEST(TomlCheck, non_ascii_only_in_strings_and_comments) {
  // U+00E9 and Cyrillic reach TOML_UNREACHABLE in toml++ 3.3 where it tests for whitespace.
  EXPECT_TRUE(contains(problem("a = 1\xc3\xa9\n"), "non-ASCII character outside a string"));
  EXPECT_TRUE(contains(problem("\xd0\xb0 = 1\n"), "non-ASCII character outside a string"));
  EXPECT_TRUE(contains(problem("[\"\xd0\xb0\"]\n"), "non-ASCII characters in a quoted key"));
  EXPECT_TRUE(contains(problem("\"\xd0\xb0\" = 1\n"), "non-ASCII characters in a quoted key"));
  EXPECT_TRUE(contains(problem("a = \"\"\"x \\\n  \xd0\xb0\"\"\"\n"), "line-ending backslash"));
  // Allowed: names and notes in any language, in strings and comments.
  EXPECT_EQ(problem("name = \"\xd0\xa2\xd0\xbe\xd0\xbc\xd1\x81\xd0\xba\"  # \xd0\xb0\n"
                    "note = '\xd0\xb0'\nm = \"\"\"\n\xd0\xb0\n\"\"\"\nl = ['\xd0\xb0', \"b\"]\n"),
            "");
}

TEST(TomlCheck, every_shipped_scenario_passes) {
  for (const auto& file : testing::scenario_files()) {
    Diagnostics diagnostics;
    EXPECT_TRUE(read_document_file(file, diagnostics).has_value()) << diagnostics.to_string();
  }
}

TEST(TomlOverride, huge_array_index_is_a_diagnostic_not_an_exception) {
  Diagnostics diagnostics;
  auto root = read_document_text("[[events]]\ndate = \"2021-01\"\n", "t.toml", diagnostics);
  ASSERT_TRUE(root.has_value());
  EXPECT_NO_THROW(apply_override(*root, "events.99999999999999999999.date=2021-02", diagnostics));
  ASSERT_FALSE(diagnostics.empty());
  EXPECT_TRUE(contains(diagnostics.to_string(), "no such array element"));
}

TEST(TomlOverride, invalid_utf8_in_an_override_is_reported) {
  Diagnostics diagnostics;
  auto root = read_document_text("a = 1\n", "t.toml", diagnostics);
  ASSERT_TRUE(root.has_value());
  apply_override(*root, "name=\xff", diagnostics);
  EXPECT_TRUE(contains(diagnostics.to_string(), "invalid UTF-8"));
}

}  // namespace
}  // namespace clustersim
