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

std::string with_events(const std::string& first_name, const std::string& second_name) {
  return testing::minimal_scenario_toml() + "\n[[events]]\nname = \"" + first_name +
         "\"\ndate = \"2021-03\"\nadd_firms = 1\nadd_firms_group = \"smes\"\n\n[[events]]\n" +
         "name = \"" + second_name + "\"\ndate = \"2021-05\"\n";
}

TEST(EventNames, an_override_addresses_an_event_or_a_group_by_name) {
  const Scenario s = load_scenario_text(
      with_events("expansion", "later"), "s.toml",
      {"events.later.date=2021-09", "events.expansion.add_firms=4", "firms.smes.count=12"});
  ASSERT_EQ(s.events.size(), 2u);
  EXPECT_EQ(s.events[0].name, "expansion");
  EXPECT_EQ(s.events[0].add_firms, 4);
  EXPECT_EQ(s.events[1].date, (YearMonth{2021, 9}));
  EXPECT_EQ(s.firms[0].count, 12);
  const Scenario by_index =
      load_scenario_text(with_events("expansion", "later"), "s.toml", {"events.1.date=2021-09"});
  EXPECT_EQ(by_index.events[1].date, (YearMonth{2021, 9}));
}

TEST(EventNames, an_unknown_name_lists_the_names) {
  const auto d = problems(with_events("expansion", "later"), {"events.nosuch.date=2021-09"});
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].where.file, "--set events.nosuch.date=2021-09");
  EXPECT_TRUE(contains(d[0].message, "names: expansion, later"));
}

TEST(EventNames, names_must_be_unique_and_not_read_as_an_index) {
  auto d = problems(with_events("same", "same"), {});
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].key, "events[1].name");
  EXPECT_TRUE(contains(d[0].message, "duplicate event name"));
  d = problems(with_events("12", "a.b"), {});
  ASSERT_EQ(d.size(), 2u);
  EXPECT_TRUE(contains(d[0].message, "not usable in a key"));
  EXPECT_TRUE(contains(d[1].message, "got \"a.b\""));
}

}  // namespace
}  // namespace clustersim
