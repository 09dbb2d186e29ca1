// `extends` merges a child scenario into its base; `--set` overrides single keys.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "models/scenario/scenario_loader.hpp"
#include "sim/diagnostics.hpp"
#include "support/test_support.hpp"

namespace clustersim {
namespace {

using testing::contains;

const std::string kBase = R"(name = "base"
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

[[firms]]
name = "anchors"
cluster = "city"
sector = "ict"
count = 1

[output]
snapshots = ["2021-03", "2021-06"]

[parameters.transfer]
rate = 0.07
optimal_distance = 0.3

[parameters.rd]
efficiency = 0.03
)";

std::vector<Diagnostic> file_problems(const std::string& path,
                                      const std::vector<std::string>& overrides = {}) {
  try {
    load_scenario_file(path, overrides);
  } catch (const InputError& error) {
    return error.diagnostics().items();
  }
  ADD_FAILURE() << "expected an InputError for " << path;
  return {};
}

std::vector<Diagnostic> override_problems(const std::vector<std::string>& overrides) {
  try {
    load_scenario_text(kBase, "base.toml", overrides);
  } catch (const InputError& error) {
    return error.diagnostics().items();
  }
  ADD_FAILURE() << "expected an InputError";
  return {};
}

class Extends : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = testing::temporary_folder(
        std::string("extends-") + ::testing::UnitTest::GetInstance()->current_test_info()->name());
  }
  void TearDown() override { std::filesystem::remove_all(folder_); }
  std::string write(const std::string& name, const std::string& text) {
    const auto path = folder_ + "/" + name;
    testing::write_file(path, text);
    return path;
  }
  std::string folder_;
};

TEST_F(Extends, child_overrides_keys_merges_tables_and_replaces_arrays) {
  write("base.toml", kBase);
  const auto child = write("child.toml", R"(extends = "base.toml"
name = "child"

[[firms]]
name = "startups"
cluster = "city"
sector = "ict"
count = 9

[output]
snapshots = ["2021-09"]

[parameters.transfer]
rate = 0.01
)");
  const Scenario s = load_scenario_file(child);
  EXPECT_EQ(s.name, "child");                              // child key wins
  EXPECT_EQ(s.replications, 2);                            // base key kept
  EXPECT_EQ(s.parameters.transfer_rate, 0.01);             // nested key overridden
  EXPECT_EQ(s.parameters.transfer_optimal_distance, 0.3);  // sibling in the same table kept
  EXPECT_EQ(s.parameters.rd_efficiency, 0.03);             // other table kept
  ASSERT_EQ(s.firms.size(), 1u);                           // array replaced, not appended
  EXPECT_EQ(s.firms[0].name, "startups");
  ASSERT_EQ(s.output.snapshots.size(), 1u);
  EXPECT_EQ(s.output.snapshots[0], (YearMonth{2021, 9}));
}

// A table whose keys name elements of an inherited array of tables (by name or index)
// amends them, as a fitted scenario's `firms.anchors.count = 3` does; a key that names no
// element leaves the old rule (the table replaces the array, which the schema refuses).
TEST_F(Extends, a_table_naming_inherited_array_elements_amends_them) {
  write("base.toml", kBase);
  const auto child =
      write("child.toml", "extends = \"base.toml\"\nfirms.anchors.count = 3\nfirms.0.count = 7\n");
  const Scenario s = load_scenario_file(child);
  ASSERT_EQ(s.firms.size(), 2u);
  EXPECT_EQ(s.firms[0].name, "smes");
  EXPECT_EQ(s.firms[0].count, 7);
  EXPECT_EQ(s.firms[1].name, "anchors");
  EXPECT_EQ(s.firms[1].count, 3);
  EXPECT_EQ(s.firms[1].cluster, "city");  // the element's other keys are kept
  const auto wrong = write("wrong.toml", "extends = \"base.toml\"\nfirms.nosuch.count = 3\n");
  EXPECT_THROW(load_scenario_file(wrong), InputError);
}

TEST_F(Extends, chains_of_extends_resolve_in_order) {
  write("base.toml", kBase);
  write("middle.toml", "extends = \"base.toml\"\nreplications = 3\nseed = 11\n");
  const auto top = write("top.toml", "extends = \"middle.toml\"\nreplications = 4\n");
  const Scenario s = load_scenario_file(top);
  EXPECT_EQ(s.replications, 4);
  EXPECT_EQ(s.seed, 11u);
  EXPECT_EQ(s.name, "base");
}

TEST_F(Extends, errors_in_base_point_at_base_file_and_line) {
  const auto base_text = std::string(kBase).replace(kBase.find("rate = 0.07"), 11, "rate = 7.0");
  const auto base = write("base.toml", base_text);
  const auto child = write("child.toml", "extends = \"base.toml\"\n\nseed = -1\n");
  const auto d = file_problems(child);
  ASSERT_EQ(d.size(), 2u);
  const auto& in_base = d[0].where.file == base ? d[0] : d[1];
  const auto& in_child = d[0].where.file == base ? d[1] : d[0];
  EXPECT_EQ(in_base.where.file, base);
  EXPECT_EQ(in_base.key, "parameters.transfer.rate");
  EXPECT_EQ(in_base.where.line, 31);
  EXPECT_TRUE(contains(in_base.message, "out of range"));
  EXPECT_EQ(in_child.where.file, child);
  EXPECT_EQ(in_child.where.line, 3);
  EXPECT_EQ(in_child.key, "seed");
}

TEST_F(Extends, syntax_error_in_base_names_base_file) {
  const auto base = write("base.toml", "name = \"x\"\nseed = = 1\n");
  const auto child = write("child.toml", "extends = \"base.toml\"\n");
  const auto d = file_problems(child);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].where.file, base);
  EXPECT_EQ(d[0].where.line, 2);
  EXPECT_TRUE(contains(d[0].message, "syntax error"));
}

TEST_F(Extends, reports_missing_extends_file) {
  const auto child = write("child.toml", "name = \"x\"\nextends = \"nothere.toml\"\n");
  const auto d = file_problems(child);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].where.file, child);
  EXPECT_EQ(d[0].where.line, 2);
  EXPECT_EQ(d[0].key, "extends");
  EXPECT_TRUE(contains(d[0].message, "missing file"));
  EXPECT_TRUE(contains(d[0].message, "nothere.toml"));
}

TEST_F(Extends, reports_circular_extends) {
  const auto a = write("a.toml", "extends = \"b.toml\"\nname = \"a\"\n");
  write("b.toml", "name = \"b\"\nextends = \"a.toml\"\n");
  const auto d = file_problems(a);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].key, "extends");
  EXPECT_EQ(d[0].where.file, folder_ + "/b.toml");
  EXPECT_EQ(d[0].where.line, 2);
  EXPECT_TRUE(contains(d[0].message, "circular extends"));
  EXPECT_TRUE(contains(d[0].message, "a.toml -> b.toml -> a.toml"));
}

TEST_F(Extends, reports_file_extending_itself) {
  const auto a = write("a.toml", "extends = \"a.toml\"\n");
  const auto d = file_problems(a);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_TRUE(contains(d[0].message, "circular extends"));
}

TEST(Overrides, set_numbers_strings_dates_and_array_elements) {
  const Scenario s = load_scenario_text(
      kBase, "base.toml",
      {"replications=7", "name=hello world", "calendar.end=2021-06", "firms.0.count=5",
       "firms.1.employees_max=300", "parameters.transfer.rate=0.125", "seed=99",
       "output.snapshots=[\"2021-02\"]"});
  EXPECT_EQ(s.replications, 7);
  EXPECT_EQ(s.name, "hello world");
  EXPECT_EQ(s.calendar.end, (YearMonth{2021, 6}));
  EXPECT_EQ(s.calendar.months(), 6);
  EXPECT_EQ(s.firms[0].count, 5);
  EXPECT_EQ(s.firms[1].employees_max, 300.0);
  EXPECT_EQ(s.parameters.transfer_rate, 0.125);
  EXPECT_EQ(s.seed, 99u);
  ASSERT_EQ(s.output.snapshots.size(), 1u);
  EXPECT_EQ(s.output.snapshots[0], (YearMonth{2021, 2}));
}

TEST(Overrides, later_override_of_same_key_wins) {
  const Scenario s = load_scenario_text(kBase, "base.toml", {"replications=3", "replications=5"});
  EXPECT_EQ(s.replications, 5);
}

TEST(Overrides, override_applies_on_top_of_extends) {
  const auto folder = testing::temporary_folder("override-extends");
  testing::write_file(folder + "/base.toml", kBase);
  testing::write_file(folder + "/child.toml", "extends = \"base.toml\"\nreplications = 3\n");
  const Scenario s = load_scenario_file(folder + "/child.toml", {"replications=6"});
  EXPECT_EQ(s.replications, 6);
  std::filesystem::remove_all(folder);
}

TEST(Overrides, reports_malformed_override_without_equals) {
  const auto d = override_problems({"replications"});
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].where.file, "--set replications");
  EXPECT_EQ(d[0].where.line, 0);
  EXPECT_TRUE(contains(d[0].message, "malformed override"));
  EXPECT_TRUE(contains(d[0].message, "KEY=VALUE"));
}

TEST(Overrides, reports_override_with_empty_key) {
  const auto d = override_problems({"=3"});
  ASSERT_EQ(d.size(), 1u);
  EXPECT_TRUE(contains(d[0].message, "malformed override"));
}

TEST(Overrides, reports_unknown_key_with_suggestion) {
  const auto d = override_problems({"parameters.transfer.rat=0.1"});
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].where.file, "--set parameters.transfer.rat=0.1");
  EXPECT_EQ(d[0].key, "parameters.transfer.rat");
  EXPECT_TRUE(contains(d[0].message, "unknown key"));
  EXPECT_TRUE(contains(d[0].message, "did you mean \"parameters.transfer.rate\""));
  EXPECT_EQ(d[0].to_string(),
            "--set parameters.transfer.rat=0.1: parameters.transfer.rat: " + d[0].message);
}

TEST(Overrides, reports_wrong_type_at_the_override) {
  const auto d = override_problems({"replications=many"});
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].where.file, "--set replications=many");
  EXPECT_EQ(d[0].key, "replications");
  EXPECT_TRUE(contains(d[0].message, "wrong type"));
  EXPECT_TRUE(contains(d[0].message, "got string \"many\""));
}

TEST(Overrides, reports_array_index_out_of_bounds) {
  const auto d = override_problems({"firms.5.count=1"});
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].key, "firms.5.count");
  EXPECT_TRUE(contains(d[0].message, "no such array element"));
  EXPECT_TRUE(contains(d[0].message, "below 2"));
}

}  // namespace
}  // namespace clustersim

namespace clustersim {
namespace {

// A key the model no longer reads says what replaced it, where it is, instead of "unknown
// key" with a hint to a key of other units (the start-up keys of issue 25).
TEST(RemovedKeys, say_what_replaced_them_instead_of_hinting_at_a_near_key) {
  std::vector<Diagnostic> problems;
  try {
    load_scenario_text(kBase + "\n[parameters.demography]\nstartup_innovations = 2\n", "old.toml");
  } catch (const InputError& error) {
    problems = error.diagnostics().items();
  }
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].key, "parameters.demography.startup_innovations");
  EXPECT_TRUE(contains(problems[0].message, "removed in issue 25")) << problems[0].message;
  EXPECT_FALSE(contains(problems[0].message, "did you mean")) << problems[0].message;
  EXPECT_EQ(problems[0].where.line, 38);
}

// The demand shock's fall with size was an input until stop 38; a scenario that still sets it
// is told the shock is now size-free, in an event's set as well.
TEST(RemovedKeys, the_shock_size_exponent_says_volatility_now_emerges) {
  for (const std::string text :
       {kBase + "\n[parameters.production]\nshock_size_exponent = 0.17\n",
        kBase + "\n[[events]]\ndate = \"2021-04\"\n"
                "set = { parameters.production.shock_size_exponent = 0.2 }\n"}) {
    std::vector<Diagnostic> problems;
    try {
      load_scenario_text(text, "old.toml");
    } catch (const InputError& error) {
      problems = error.diagnostics().items();
    }
    ASSERT_EQ(problems.size(), 1u) << text;
    EXPECT_TRUE(contains(problems[0].message, "removed at stop 38")) << problems[0].message;
    EXPECT_TRUE(contains(problems[0].message, "same spread at every size")) << problems[0].message;
  }
}

// The fixed share per holder of issue 25, item 7 is gone: its key names its replacement.
TEST(RemovedKeys, substitute_capacity_names_substitute_output_share) {
  std::vector<Diagnostic> problems;
  try {
    load_scenario_text(kBase + "\n[parameters.sanctions]\nsubstitute_capacity = 0.05\n",
                       "old.toml");
  } catch (const InputError& error) {
    problems = error.diagnostics().items();
  }
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].key, "parameters.sanctions.substitute_capacity");
  EXPECT_TRUE(contains(problems[0].message, "substitute_output_share")) << problems[0].message;
  EXPECT_FALSE(contains(problems[0].message, "did you mean")) << problems[0].message;
}

// The rules' former constants (issue 25, item 9) are keys: each binds to its parameter,
// and the shipped defaults are the constants' values.
TEST(FormerConstants, bind_to_their_parameters_with_the_old_values_as_defaults) {
  const auto folder = testing::temporary_folder("former-constants");
  testing::write_file(folder + "/s.toml", kBase);
  const Scenario shipped = load_scenario_file(folder + "/s.toml");
  const auto& d = shipped.parameters;
  EXPECT_EQ(d.introduced_trust, 0.5);
  EXPECT_EQ(d.former_trust, 0.5);
  EXPECT_EQ(d.referral_trust, 0.5);
  EXPECT_EQ(d.vouched_trust, 0.5);
  EXPECT_EQ(d.stage_knowledge_floor, 0.75);
  EXPECT_EQ(d.entry_factor_min, 0.2);
  EXPECT_EQ(d.entry_factor_max, 5.0);
  EXPECT_EQ(d.stall_pace, 0.05);
  EXPECT_EQ(d.recent_innovation_memory, 36.0);
  EXPECT_EQ(d.process_jump_low, -0.15);
  EXPECT_EQ(d.process_jump_high, 0.15);
  EXPECT_EQ(d.process_jump_shape, 3.0);
  EXPECT_EQ(d.broker_samples, 8);
  EXPECT_EQ(d.spinoff_knowledge_share, 0.5);
  EXPECT_EQ(d.startup_knowledge_share, 0.5);
  EXPECT_EQ(d.credit_class_ratio, 0.25);
  EXPECT_EQ(d.price_excess_clip, 0.5);
  EXPECT_EQ(d.expansion_cap, 1.0);
  // The initial draws' spreads: x U(0.9, 1.1) and x U(0.7, 1.3), computed as 1 - s + 2 s u.
  EXPECT_EQ(shipped.firms[0].productivity_spread, 0.1);
  EXPECT_EQ(shipped.firms[0].knowledge_spread, 0.3);
  EXPECT_EQ(1.0 - 0.1, 0.9);
  EXPECT_EQ(2.0 * 0.1, 0.2);
  EXPECT_EQ(1.0 - 0.3, 0.7);
  EXPECT_EQ(2.0 * 0.3, 0.6);
  const Scenario set =
      load_scenario_file(folder + "/s.toml", {"parameters.partnering.introduced_trust=0.1",
                                              "parameters.partnering.former_trust=0.2",
                                              "parameters.partnering.referral_trust=0.3",
                                              "parameters.partnering.vouched_trust=0.4",
                                              "parameters.innovation.stage_knowledge_floor=0.6",
                                              "parameters.demography.entry_factor_min=0.7",
                                              "parameters.demography.entry_factor_max=8",
                                              "parameters.innovation.stall_pace=0.1",
                                              "parameters.innovation.recent_memory_months=12",
                                              "parameters.innovation.process_jump_low=-0.1",
                                              "parameters.innovation.process_jump_high=0.2",
                                              "parameters.innovation.process_jump_shape=2",
                                              "parameters.partnering.broker_samples=4",
                                              "parameters.demography.spinoff_knowledge_share=0.3",
                                              "parameters.demography.startup_knowledge_share=0.2",
                                              "parameters.credit.class_ratio=0.5",
                                              "parameters.production.price_excess_clip=0.2",
                                              "parameters.production.expansion_cap=0.3",
                                              "firms.0.productivity_spread=0.05",
                                              "firms.0.knowledge_spread=0.4"});
  const auto& p = set.parameters;
  EXPECT_EQ(p.introduced_trust, 0.1);
  EXPECT_EQ(p.former_trust, 0.2);
  EXPECT_EQ(p.referral_trust, 0.3);
  EXPECT_EQ(p.vouched_trust, 0.4);
  EXPECT_EQ(p.stage_knowledge_floor, 0.6);
  EXPECT_EQ(p.entry_factor_min, 0.7);
  EXPECT_EQ(p.entry_factor_max, 8.0);
  EXPECT_EQ(p.stall_pace, 0.1);
  EXPECT_EQ(p.recent_innovation_memory, 12.0);
  EXPECT_EQ(p.process_jump_low, -0.1);
  EXPECT_EQ(p.process_jump_high, 0.2);
  EXPECT_EQ(p.process_jump_shape, 2.0);
  EXPECT_EQ(p.broker_samples, 4);
  EXPECT_EQ(p.spinoff_knowledge_share, 0.3);
  EXPECT_EQ(p.startup_knowledge_share, 0.2);
  EXPECT_EQ(p.credit_class_ratio, 0.5);
  EXPECT_EQ(p.price_excess_clip, 0.2);
  EXPECT_EQ(p.expansion_cap, 0.3);
  EXPECT_EQ(set.firms[0].productivity_spread, 0.05);
  EXPECT_EQ(set.firms[0].knowledge_spread, 0.4);
  std::filesystem::remove_all(folder);
}

// A missing scenario file is named with a near spelling in its folder, or with the shipped
// scenario of that name when the folder was left out; a name like none gets no guess.
TEST(MissingScenario, a_near_name_or_the_shipped_one_is_suggested) {
  const auto folder = testing::temporary_folder("missing_scenario");
  std::filesystem::create_directories(folder + "/scenarios");
  testing::write_file(folder + "/scenarios/tomsk.toml", kBase);
  const auto message = [](const std::string& path) {
    try {
      load_scenario_file(path);
    } catch (const InputError& error) {
      return std::string(error.what());
    }
    return std::string("(loaded)");
  };
  EXPECT_TRUE(contains(
      message(folder + "/scenarios/tomks.toml"),
      "(expected an existing file; did you mean \"" + folder + "/scenarios/tomsk.toml\"?)"));
  EXPECT_TRUE(contains(message(folder + "/tomsk.toml"),
                       "did you mean \"" + folder + "/scenarios/tomsk.toml\"?"));
  EXPECT_TRUE(contains(message(folder + "/scenarios/zzz.toml"),
                       "cannot read the scenario file (expected an existing file)"));
  EXPECT_TRUE(contains(message(folder + "/nowhere/tomsk.toml"),
                       "cannot read the scenario file (expected an existing file)"));
  // A folder or a dangling link is not suggested as itself.
  std::filesystem::create_directories(folder + "/scenarios/d.toml");
  std::filesystem::create_symlink(folder + "/gone.toml", folder + "/scenarios/link.toml");
  EXPECT_FALSE(contains(message(folder + "/scenarios/d.toml"), "did you mean"));
  EXPECT_FALSE(contains(message(folder + "/scenarios/link.toml"), "did you mean"));
}

}  // namespace
}  // namespace clustersim
