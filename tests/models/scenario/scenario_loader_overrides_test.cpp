// `--set` problems name `--set` as their source and never hide the file's other
// problems or later overrides; a huge unknown key gets no costly suggestion.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "models/scenario/scenario_loader.hpp"
#include "sim/diagnostics.hpp"
#include "support/test_support.hpp"

namespace clustersim {
namespace {

using testing::contains;

std::vector<Diagnostic> problems(const std::string& text,
                                 const std::vector<std::string>& overrides) {
  try {
    load_scenario_text(text, "s.toml", overrides);
  } catch (const InputError& error) {
    return error.diagnostics().items();
  }
  ADD_FAILURE() << "expected an InputError";
  return {};
}

bool any_from(const std::vector<Diagnostic>& d, const std::string& file, const std::string& part) {
  for (const auto& item : d)
    if (item.where.file == file && item.to_string().find(part) != std::string::npos) return true;
  return false;
}

TEST(OverrideSources, an_unknown_table_made_by_an_override_names_the_override) {
  const auto d = problems(testing::minimal_scenario_toml(), {"parameters.nosuch.rate=1"});
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].where.file, "--set parameters.nosuch.rate=1");
  EXPECT_TRUE(contains(d[0].to_string(), "--set parameters.nosuch.rate=1: parameters.nosuch"));
  EXPECT_TRUE(contains(d[0].message, "unknown key"));
}

TEST(OverrideSources, a_structural_override_error_hides_nothing_else) {
  const std::string text = testing::minimal_scenario_toml() + "\nnosuch_top_key = 1\n";
  const auto d = problems(text, {"replications.x=1", "firms.7.count=2", "seed=many"});
  EXPECT_TRUE(any_from(d, "--set replications.x=1", "cannot descend"));
  EXPECT_TRUE(any_from(d, "--set firms.7.count=2", "no such array element"));
  EXPECT_TRUE(any_from(d, "--set seed=many", "wrong type"));
  EXPECT_TRUE(any_from(d, "s.toml", "nosuch_top_key: unknown key"));
  EXPECT_EQ(d.size(), 4u);
}

TEST(OverrideSources, a_one_megabyte_unknown_key_is_reported_without_a_suggestion) {
  const std::string key(1 << 20, 'k');
  const long before = edit_distance_work();
  const auto d = problems(testing::minimal_scenario_toml(), {key + "=1"});
  ASSERT_EQ(d.size(), 1u);
  EXPECT_TRUE(contains(d[0].message, "unknown key"));
  EXPECT_FALSE(contains(d[0].message, "did you mean"));
  EXPECT_LT(edit_distance_work() - before, 100000);
}

}  // namespace
}  // namespace clustersim
