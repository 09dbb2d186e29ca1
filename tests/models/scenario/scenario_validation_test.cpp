// Every kind of scenario error becomes a Diagnostic with file:line:column, key and message.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "models/scenario/scenario_loader.hpp"
#include "sim/diagnostics.hpp"
#include "support/test_support.hpp"

namespace clustersim {
namespace {

using testing::contains;
// A valid scenario; tests replace one line to introduce one problem.
const std::string kValid = R"(name = "check"
replications = 2
domains = ["software", "electronics"]

[calendar]
start = "2021-01"
end = "2021-12"

[[sectors]]
name = "ict"

[[clusters]]
name = "city"

[[firms]]
name = "smes"
cluster = "city"
sector = "ict"
count = 5
knowledge = { software = 0.6, electronics = 0.3 }

[[centers]]
name = "cc"
cluster = "city"
active = false

[[events]]
date = "2021-06"
open_centers = ["cc"]

[parameters.transfer]
rate = 0.05
)";

std::string replace(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

// 1-based line and column of the first occurrence of `needle` in `text`.
int line_of(const std::string& text, const std::string& needle) {
  const auto at = text.find(needle);
  EXPECT_NE(at, std::string::npos) << needle;
  return 1 + int(std::count(text.begin(), text.begin() + long(at), '\n'));
}
int column_of(const std::string& text, const std::string& needle) {
  const auto at = text.find(needle);
  const auto line_start = text.rfind('\n', at);
  return int(at - (line_start == std::string::npos ? 0 : line_start + 1)) + 1;
}

// The diagnostics loading `text` produces; fails the test when it loads without error.
std::vector<Diagnostic> problems(const std::string& text,
                                 const std::vector<std::string>& overrides = {}) {
  try {
    load_scenario_text(text, "check.toml", overrides);
  } catch (const InputError& error) {
    return error.diagnostics().items();
  }
  ADD_FAILURE() << "expected an InputError";
  return {};
}

TEST(ScenarioValidation, valid_scenario_loads) {
  const Scenario s = load_scenario_text(kValid, "check.toml");
  EXPECT_EQ(s.name, "check");
  EXPECT_EQ(s.replications, 2);
  ASSERT_EQ(s.firms.size(), 1u);
  EXPECT_EQ(s.firms[0].count, 5);
  EXPECT_EQ(s.firms[0].knowledge, (std::vector<double>{0.6, 0.3}));
}

// [[explore]] (levers for the browser) must name numeric scenario keys, with a range
// inside the key's own; each problem is reported where it is written.
TEST(ScenarioValidation, explore_keys_must_be_numeric_scenario_keys_with_a_range_inside_theirs) {
  const std::string text = kValid + R"(
[[explore]]
key = "parameters.nosuch"

[[explore]]
key = "parameters.transfer.rate"
min = 0.5
max = 0.1
)";
  const auto d = problems(text);
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[0].key, "explore[0].key");
  EXPECT_EQ(d[0].where.line, line_of(text, "\"parameters.nosuch\""));
  EXPECT_TRUE(contains(d[0].message, "not a numeric scenario key"));
  EXPECT_EQ(d[1].key, "explore[1].min");
  EXPECT_TRUE(contains(d[1].message, "bad range"));
  const Scenario ok = load_scenario_text(kValid + R"(
[[explore]]
key = "parameters.transfer.rate"
min = 0
max = 0.2
)",
                                         "check.toml");
  ASSERT_EQ(ok.explore.size(), 1u);
  EXPECT_EQ(ok.explore[0].max, 0.2);
}

// The exchange-rate path must come in ascending months and hold positive rates; each
// problem is reported where it is written.
TEST(ScenarioValidation, exchange_rate_path_must_ascend_and_be_positive) {
  const std::string text = kValid + R"(
[[exchange_rate]]
from = "2021-06"
rub_per_usd = 73.5

[[exchange_rate]]
from = "2021-03"
rub_per_usd = 0
)";
  const auto d = problems(text);
  ASSERT_EQ(d.size(), 2u);  // in the order of the lines
  EXPECT_EQ(d[0].key, "exchange_rate[1].from");
  EXPECT_TRUE(contains(d[0].message, "exchange-rate steps out of order"));
  EXPECT_EQ(d[0].where.line, line_of(text, "from = \"2021-03\""));
  EXPECT_EQ(d[1].key, "exchange_rate[1].rub_per_usd");
  EXPECT_EQ(d[1].where.line, line_of(text, "rub_per_usd = 0"));
}

// Import dependence per domain is a share of the same purchased inputs, so the shares may not
// sum above 1 (the domestic part of the input bill is 1 minus their sum); a sum of exactly 1
// loads.
TEST(ScenarioValidation, import_dependence_may_not_sum_above_one) {
  const std::string knowledge = "knowledge = { software = 0.6, electronics = 0.3 }";
  const std::string text = replace(
      kValid, knowledge, knowledge + "\nimport_dependence = { software = 0.7, electronics = 0.5 }");
  const auto d = problems(text);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].key, "firms[0].import_dependence");
  EXPECT_TRUE(contains(d[0].message, "got 1.2")) << d[0].message;
  EXPECT_EQ(d[0].where.line, line_of(text, "import_dependence = {"));
  EXPECT_NO_THROW(load_scenario_text(
      replace(kValid, knowledge,
              knowledge + "\nimport_dependence = { software = 0.5, electronics = 0.5 }"),
      "check.toml"));
}

// A scenario without [[sectors]] or [[clusters]] gets one problem saying so, not one unknown
// sector or cluster per firm group, center or university.
TEST(ScenarioValidation, no_sectors_or_clusters_is_one_problem) {
  const auto d = problems(replace(kValid, "[[sectors]]\nname = \"ict\"\n", ""));
  ASSERT_EQ(d.size(), 1u) << d.back().message;
  EXPECT_EQ(d[0].key, "sectors");
  EXPECT_TRUE(contains(d[0].message, "no sectors")) << d[0].message;
  const auto c = problems(replace(kValid, "[[clusters]]\nname = \"city\"\n", ""));
  ASSERT_EQ(c.size(), 1u) << c.back().message;  // firms and the center name "city"
  EXPECT_EQ(c[0].key, "clusters");
}

// Every snapshot month outside the calendar is reported, though they share one key.
TEST(ScenarioValidation, every_snapshot_outside_the_calendar_is_reported) {
  const auto d = problems(kValid, {"output.snapshots=[\"2020-01\", \"2030-01\", \"2021-06\"]"});
  ASSERT_EQ(d.size(), 2u);
  EXPECT_TRUE(contains(d[0].message, "2020-01")) << d[0].message;
  EXPECT_TRUE(contains(d[1].message, "2030-01")) << d[1].message;
}

// A date the binder cannot read is reported once, as what it is; the calendar check does
// not add a second problem about the default month it holds (2000-01, in no file).
TEST(ScenarioValidation, an_unreadable_date_is_one_problem_not_two) {
  const auto d = problems(replace(kValid, "date = \"2021-06\"", "date = 202106"));
  ASSERT_EQ(d.size(), 1u) << d.back().message;
  EXPECT_EQ(d[0].key, "events[0].date");
  EXPECT_TRUE(contains(d[0].message, "wrong type")) << d[0].message;
  const auto late = problems(replace(kValid, "date = \"2021-06\"", "date = \"2022-06\""));
  ASSERT_EQ(late.size(), 1u);
  EXPECT_TRUE(contains(late[0].message, "date outside the calendar")) << late[0].message;
}

// A calendar that ends before it starts is one problem: the event's date is not also
// reported as outside a calendar of no months.
TEST(ScenarioValidation, a_backward_calendar_is_one_problem) {
  const auto d = problems(kValid, {"calendar.end=2020-06"});
  ASSERT_EQ(d.size(), 1u) << d.back().message;
  EXPECT_EQ(d[0].key, "calendar.end");
  EXPECT_TRUE(contains(d[0].message, "ends before it starts")) << d[0].message;
}

// Severity scales a sanctions package's cuts; on an event that has none (here one that
// opens a center) it would change nothing, so it is refused where it is set, and the same
// severity on an event with a cut loads.
TEST(ScenarioValidation, severity_needs_cuts_to_scale) {
  const auto d = problems(kValid, {"events.0.severity=0"});
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].key, "events[0].severity");
  EXPECT_TRUE(contains(d[0].message, "no sanctions cuts")) << d[0].message;
  EXPECT_NO_THROW(load_scenario_text(kValid, "check.toml",
                                     {"events.0.severity=0", "events.0.export_loss=0.2"}));
  EXPECT_NO_THROW(load_scenario_text(kValid, "check.toml", {"events.0.severity=1"}));
}

// Issue 25: a programme's budget path names a known funder, ascends per funder, and is the
// only place that funder's budget changes; each problem is reported where it is written.
TEST(ScenarioValidation, programme_budget_path_checks_funder_order_and_events) {
  const std::string text = kValid + R"(
[[funders]]
name = "idf"
kind = "idf_loan"

[[programme_budget]]
funder = "idf"
from = "2021-06"
annual_budget = 500

[[programme_budget]]
funder = "idf"
from = "2021-03"
annual_budget = 400

[[programme_budget]]
funder = "ifd"
from = "2021-02"
annual_budget = -1

[[events]]
date = "2021-09"
funder = "idf"
funder_budget = 900
)";
  const auto d = problems(text);
  ASSERT_EQ(d.size(), 4u);  // in the order of the lines
  EXPECT_EQ(d[0].key, "programme_budget[1].from");
  EXPECT_TRUE(contains(d[0].message, "out of order"));
  EXPECT_EQ(d[0].where.line, line_of(text, "from = \"2021-03\""));
  EXPECT_EQ(d[1].key, "programme_budget[2].funder");
  EXPECT_TRUE(contains(d[1].message, "did you mean \"idf\""));
  EXPECT_EQ(d[1].where.line, line_of(text, "funder = \"ifd\""));
  EXPECT_EQ(d[2].key, "programme_budget[2].annual_budget");
  EXPECT_EQ(d[2].where.line, line_of(text, "annual_budget = -1"));
  EXPECT_EQ(d[3].key, "events[1].funder_budget");
  EXPECT_TRUE(contains(d[3].message, "[[programme_budget]] path"));
  EXPECT_EQ(d[3].where.line, line_of(text, "funder_budget = 900"));
}

// Issue 25: a bankruptcy moratorium must end after it starts and cover known sectors.
TEST(ScenarioValidation, moratorium_must_end_after_it_starts_and_name_known_sectors) {
  const std::string text = kValid + R"(
[[bankruptcy_moratorium]]
from = "2021-04"
until = "2021-04"
sectors = ["itc"]

[[bankruptcy_moratorium]]
from = "2021-04"
)";
  const auto d = problems(text);
  ASSERT_EQ(d.size(), 3u);
  EXPECT_EQ(d[0].key, "bankruptcy_moratorium[0].until");
  EXPECT_TRUE(contains(d[0].message, "ends before it starts"));
  EXPECT_EQ(d[0].where.line, line_of(text, "until = \"2021-04\""));
  EXPECT_EQ(d[1].key, "bankruptcy_moratorium[0].sectors");
  EXPECT_TRUE(contains(d[1].message, "unknown sector"));
  EXPECT_EQ(d[1].where.line, line_of(text, "sectors = [\"itc\"]"));
  EXPECT_EQ(d[2].key, "bankruptcy_moratorium[1].until");
  EXPECT_TRUE(contains(d[2].message, "missing"));
}

TEST(ScenarioValidation, reports_unknown_key_with_suggestion) {
  const auto text = replace(kValid, "replications = 2", "replicatons = 2");
  const auto d = problems(text);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].where.file, "check.toml");
  EXPECT_EQ(d[0].where.line, line_of(text, "replicatons"));
  EXPECT_EQ(d[0].where.column, 15);
  EXPECT_EQ(d[0].key, "replicatons");
  EXPECT_TRUE(contains(d[0].message, "unknown key"));
  EXPECT_TRUE(contains(d[0].message, "did you mean \"replications\""));
  EXPECT_TRUE(contains(d[0].to_string(), "check.toml:2:15: replicatons: unknown key"));
}

TEST(ScenarioValidation, explains_top_level_key_written_inside_an_array_table) {
  // A student's slip: `seed` written after a [[table]] header belongs to that table.
  const auto text = kValid + "seed = 3\n";
  const auto d = problems(text);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].where.line, line_of(text, "seed = 3"));
  EXPECT_TRUE(contains(d[0].message, "\"seed\" is a top-level key"));
  EXPECT_TRUE(contains(d[0].message, "move it above the first header"));
}

TEST(ScenarioValidation, reports_unknown_nested_key_with_full_suggestion) {
  const auto text = replace(kValid, "rate = 0.05", "rat = 0.05");
  const auto d = problems(text);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].where.line, line_of(text, "rat = 0.05"));
  EXPECT_EQ(d[0].key, "parameters.transfer.rat");
  EXPECT_TRUE(contains(d[0].message, "did you mean \"parameters.transfer.rate\""));
}

TEST(ScenarioValidation, reports_wrong_type_with_expected_and_got) {
  const auto text = replace(kValid, "count = 5", "count = \"five\"");
  const auto d = problems(text);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].where.line, line_of(text, "count = \"five\""));
  EXPECT_EQ(d[0].where.column, column_of(text, "\"five\""));
  EXPECT_EQ(d[0].key, "firms[0].count");
  EXPECT_TRUE(contains(d[0].message, "wrong type"));
  EXPECT_TRUE(contains(d[0].message, "expected an integer"));
  EXPECT_TRUE(contains(d[0].message, "got string \"five\""));
}

TEST(ScenarioValidation, reports_value_out_of_range_with_range) {
  const auto text = replace(kValid, "rate = 0.05", "rate = 1.5");
  const auto d = problems(text);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].where.line, line_of(text, "rate = 1.5"));
  EXPECT_EQ(d[0].where.column, column_of(text, "1.5"));
  EXPECT_EQ(d[0].key, "parameters.transfer.rate");
  EXPECT_TRUE(contains(d[0].message, "out of range"));
  EXPECT_TRUE(contains(d[0].message, "0 to 1"));
  EXPECT_TRUE(contains(d[0].message, "got float 1.5"));
}

// The partner-search keys are checked like every other: a count of candidates met
// through links outside 0..32 is reported where it is written.
TEST(ScenarioValidation, reports_network_candidates_out_of_range) {
  const auto text = kValid + "\n[parameters.partnering]\nnetwork_candidates = 40\n";
  const auto d = problems(text);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].where.line, line_of(text, "network_candidates = 40"));
  EXPECT_EQ(d[0].where.column, column_of(text, "40"));
  EXPECT_EQ(d[0].key, "parameters.partnering.network_candidates");
  EXPECT_TRUE(contains(d[0].message, "out of range"));
  EXPECT_TRUE(contains(d[0].message, "0 to 32"));
  const auto negative = problems(kValid + "\n[parameters.partnering]\nnetwork_candidates = -1\n");
  ASSERT_EQ(negative.size(), 1u);
  EXPECT_TRUE(contains(negative[0].message, "out of range"));
}

TEST(ScenarioValidation, reports_malformed_date) {
  const auto text = replace(kValid, "start = \"2021-01\"", "start = \"2022-3\"");
  const auto d = problems(text);
  ASSERT_GE(d.size(), 1u);
  EXPECT_EQ(d[0].where.line, line_of(text, "\"2022-3\""));
  EXPECT_EQ(d[0].where.column, column_of(text, "\"2022-3\""));
  EXPECT_EQ(d[0].key, "calendar.start");
  EXPECT_TRUE(contains(d[0].message, "malformed date"));
  EXPECT_TRUE(contains(d[0].message, "YYYY-MM"));
  EXPECT_TRUE(contains(d[0].message, "2022-3"));
}

TEST(ScenarioValidation, reports_event_date_outside_calendar) {
  const auto text = replace(kValid, "date = \"2021-06\"", "date = \"2030-06\"");
  const auto d = problems(text);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].where.line, line_of(text, "\"2030-06\""));
  EXPECT_EQ(d[0].key, "events[0].date");
  EXPECT_TRUE(contains(d[0].message, "outside the calendar"));
  EXPECT_TRUE(contains(d[0].message, "2021-01 to 2021-12"));
  EXPECT_TRUE(contains(d[0].message, "got \"2030-06\""));
}

TEST(ScenarioValidation, reports_unknown_cluster_reference) {
  const auto text = replace(kValid, "cluster = \"city\"\nsector", "cluster = \"citty\"\nsector");
  const auto d = problems(text);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].where.line, line_of(text, "\"citty\""));
  EXPECT_EQ(d[0].where.column, column_of(text, "\"citty\""));
  EXPECT_EQ(d[0].key, "firms[0].cluster");
  EXPECT_TRUE(contains(d[0].message, "unknown cluster"));
  EXPECT_TRUE(contains(d[0].message, "did you mean \"city\""));
  EXPECT_TRUE(contains(d[0].message, "got \"citty\""));
}

TEST(ScenarioValidation, reports_unknown_sector_reference) {
  const auto text = replace(kValid, "sector = \"ict\"", "sector = \"retail\"");
  const auto d = problems(text);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].where.line, line_of(text, "\"retail\""));
  EXPECT_EQ(d[0].key, "firms[0].sector");
  EXPECT_TRUE(contains(d[0].message, "unknown sector"));
  EXPECT_TRUE(contains(d[0].message, "\"ict\""));
}

TEST(ScenarioValidation, reports_unknown_domain_in_domain_map) {
  const auto text = replace(kValid, "software = 0.6", "sofware = 0.6");
  const auto d = problems(text);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].where.line, line_of(text, "sofware"));
  EXPECT_EQ(d[0].where.column, column_of(text, "0.6"));
  EXPECT_EQ(d[0].key, "firms[0].knowledge.sofware");
  EXPECT_TRUE(contains(d[0].message, "unknown technology domain"));
  EXPECT_TRUE(contains(d[0].message, "did you mean \"software\""));
}

TEST(ScenarioValidation, reports_missing_required_key_at_its_table) {
  const auto text =
      replace(kValid, "[[sectors]]\nname = \"ict\"", "[[sectors]]\ndemand_ratio = 1.0");
  const auto d = problems(text);
  // The missing name also breaks the firms' sector reference.
  ASSERT_GE(d.size(), 1u);
  const auto it = std::find_if(d.begin(), d.end(),
                               [](const Diagnostic& x) { return x.key == "sectors[0].name"; });
  ASSERT_NE(it, d.end());
  EXPECT_EQ(it->where.file, "check.toml");
  EXPECT_EQ(it->where.line, line_of(text, "[[sectors]]"));
  EXPECT_TRUE(contains(it->message, "missing required key"));
  EXPECT_TRUE(contains(it->message, "expected a string"));
}

TEST(ScenarioValidation, reports_missing_calendar_end) {
  const auto text = replace(kValid, "end = \"2021-12\"\n", "");
  const auto d = problems(text);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].key, "calendar.end");
  EXPECT_EQ(d[0].where.file, "check.toml");
  EXPECT_TRUE(contains(d[0].message, "missing required key"));
  EXPECT_TRUE(contains(d[0].message, "YYYY-MM"));
}

TEST(ScenarioValidation, reports_syntax_error_with_position) {
  const auto text = replace(kValid, "replications = 2", "replications = = 2");
  const auto d = problems(text);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].where.file, "check.toml");
  EXPECT_EQ(d[0].where.line, 2);
  EXPECT_GT(d[0].where.column, 0);
  EXPECT_TRUE(contains(d[0].message, "syntax error"));
}

TEST(ScenarioValidation, reports_every_problem_sorted_by_line) {
  std::string text = replace(kValid, "replications = 2", "replications = 0");
  text = replace(text, "count = 5", "count = \"five\"");
  text = replace(text, "software = 0.6", "softwar = 0.6");
  text = replace(text, "date = \"2021-06\"", "date = \"2030-06\"");
  text = replace(text, "rate = 0.05", "rate = -1.0");
  text += "colour = \"blue\"\n";
  const auto d = problems(text);
  ASSERT_EQ(d.size(), 6u) << [&] {
    std::string all;
    for (const auto& x : d) all += x.to_string() + "\n";
    return all;
  }();
  for (std::size_t i = 1; i < d.size(); ++i)
    EXPECT_LE(d[i - 1].where.line, d[i].where.line) << d[i].to_string();
  EXPECT_EQ(d.front().key, "replications");
  EXPECT_EQ(d.front().where.line, 2);
  EXPECT_EQ(d[1].key, "firms[0].count");
  EXPECT_EQ(d[2].key, "firms[0].knowledge.softwar");
  EXPECT_EQ(d[3].key, "events[0].date");
  EXPECT_EQ(d[4].key, "parameters.transfer.rate");
  EXPECT_EQ(d[5].key, "parameters.transfer.colour");
}

TEST(ScenarioValidation, input_error_message_lists_every_diagnostic) {
  std::string text = replace(kValid, "replications = 2", "replications = 0");
  text = replace(text, "count = 5", "count = -3");
  try {
    load_scenario_text(text, "check.toml");
    FAIL() << "expected an InputError";
  } catch (const InputError& error) {
    ASSERT_EQ(error.diagnostics().items().size(), 2u);
    const std::string what = error.what();
    EXPECT_TRUE(contains(what, "check.toml:2:16: replications: out of range"));
    EXPECT_TRUE(contains(what, "firms[0].count: out of range"));
    EXPECT_EQ(what, error.diagnostics().to_string());
  }
}

TEST(ScenarioValidation, missing_scenario_file_is_input_error) {
  try {
    load_scenario_file("/nonexistent/folder/none.toml");
    FAIL() << "expected an InputError";
  } catch (const InputError& error) {
    ASSERT_EQ(error.diagnostics().items().size(), 1u);
    EXPECT_EQ(error.diagnostics().items()[0].where.file, "/nonexistent/folder/none.toml");
    EXPECT_TRUE(contains(error.diagnostics().items()[0].message, "cannot read"));
  }
}

TEST(ScenarioValidation, file_errors_name_the_file_path) {
  const auto folder = testing::temporary_folder("validation-file");
  const auto path = folder + "/bad.toml";
  testing::write_file(path, replace(kValid, "rate = 0.05", "rate = 2.0"));
  try {
    load_scenario_file(path);
    FAIL() << "expected an InputError";
  } catch (const InputError& error) {
    ASSERT_EQ(error.diagnostics().items().size(), 1u);
    const auto& d = error.diagnostics().items()[0];
    EXPECT_EQ(d.where.file, path);
    EXPECT_EQ(d.where.line, line_of(kValid, "rate = 0.05"));
    EXPECT_EQ(d.key, "parameters.transfer.rate");
  }
  std::filesystem::remove_all(folder);
}

}  // namespace
}  // namespace clustersim
