// Scheduled parameter changes and their effect on a built world.
#include <gtest/gtest.h>

#include "models/cluster_model.hpp"
#include "models/policy/events.hpp"
#include "models/scenario/scenario_loader.hpp"
#include "models/scenario/scenario_schema.hpp"
#include "sim/diagnostics.hpp"
#include "support/test_support.hpp"

namespace clustersim {
namespace {

Scenario minimal() {
  return load_scenario_text(testing::minimal_scenario_toml(), "m.toml");
}

LivePolicy live_policy(const Scenario& s) {
  return {s.parameters, s.policy};
}

TEST(ScheduledSet, changes_a_real_parameter) {
  const Scenario s = minimal();
  LivePolicy live = live_policy(s);
  ASSERT_EQ(live.parameters.transfer_rate, 0.05);
  apply_scheduled_set(live, s.domains, {"parameters.transfer.rate", 0.2});
  EXPECT_EQ(live.parameters.transfer_rate, 0.2);
  EXPECT_EQ(live.parameters.transfer_university_rate, 0.03);  // neighbours untouched
  EXPECT_EQ(s.parameters.transfer_rate, 0.05);                // the input is not changed
}

TEST(ScheduledSet, every_key_events_may_set_is_a_key_of_the_live_policy) {
  int keys = 0;
  for (const auto& spec : scenario_fields()) {
    if (!spec.schedulable) continue;
    ++keys;
    const auto* live = live_policy_field(spec.key);
    ASSERT_NE(live, nullptr) << spec.key << " may be scheduled but a run cannot apply it";
    EXPECT_EQ(live->type, spec.type) << spec.key;
  }
  EXPECT_GT(keys, 100);
}

TEST(ScheduledSet, rounds_integer_parameters) {
  const Scenario s = minimal();
  LivePolicy live = live_policy(s);
  apply_scheduled_set(live, s.domains, {"parameters.partnering.max_partners", 2.6});
  EXPECT_EQ(live.parameters.partner_max, 3);
}

TEST(ScheduledSet, changes_one_domain_of_a_policy_map) {
  const Scenario s = minimal();
  LivePolicy live = live_policy(s);
  ASSERT_EQ(live.policy.foreign_knowledge_access, (std::vector<double>{1.0, 1.0}));
  apply_scheduled_set(live, s.domains, {"policy.foreign_knowledge_access.electronics", 0.0});
  EXPECT_EQ(live.policy.foreign_knowledge_access, (std::vector<double>{1.0, 0.0}));
  apply_scheduled_set(live, s.domains, {"policy.foreign_knowledge_access.software", 0.5});
  EXPECT_EQ(live.policy.foreign_knowledge_access, (std::vector<double>{0.5, 0.0}));
}

TEST(ScheduledSet, event_set_table_is_loaded_with_full_keys) {
  const Scenario s = load_scenario_text(testing::minimal_scenario_toml() + R"(
[[events]]
date = "2021-03"
set = { parameters.transfer.rate = 0.0, policy.foreign_knowledge_access.software = 0.1 }
)",
                                        "m.toml");
  ASSERT_EQ(s.events.size(), 1u);
  ASSERT_EQ(s.events[0].set.size(), 2u);
  EXPECT_EQ(s.events[0].set[0].key, "parameters.transfer.rate");
  EXPECT_EQ(s.events[0].set[0].value, 0.0);
  EXPECT_EQ(s.events[0].set[1].key, "policy.foreign_knowledge_access.software");
  EXPECT_EQ(s.events[0].set[1].value, 0.1);
}

TEST(ScheduledSet, event_set_rejects_keys_that_cannot_be_scheduled) {
  try {
    load_scenario_text(testing::minimal_scenario_toml() + R"(
[[events]]
date = "2021-03"
set = { replications = 3, policy.foreign_knowledge_access.sofware = 0.1 }
)",
                       "m.toml");
    FAIL() << "expected an InputError";
  } catch (const InputError& error) {
    const auto& d = error.diagnostics().items();
    ASSERT_EQ(d.size(), 2u) << error.what();
    EXPECT_EQ(d[0].key, "events[0].set.replications");
    EXPECT_EQ(d[1].key, "events[0].set.policy.foreign_knowledge_access.sofware");
    EXPECT_NE(d[1].message.find("did you mean"), std::string::npos);
  }
}

TEST(ScheduledEvents, apply_only_in_their_month) {
  const Scenario s = load_scenario_text(testing::minimal_scenario_toml() + R"(
[[events]]
date = "2021-03"
set = { parameters.transfer.rate = 0.0 }
close_centers = ["cc"]
add_firms_group = "smes"
add_firms = 4
)",
                                        "m.toml");
  World world = cluster_model(s).build(0);
  ASSERT_EQ(int(world.centers.active[0]), 1);
  world.date = YearMonth{2021, 2};
  apply_scheduled_events(world);
  EXPECT_EQ(world.live.parameters.transfer_rate, 0.05);
  EXPECT_EQ(int(world.centers.active[0]), 1);
  world.date = YearMonth{2021, 3};
  apply_scheduled_events(world);
  EXPECT_EQ(world.live.parameters.transfer_rate, 0.0);
  EXPECT_EQ(int(world.centers.active[0]), 0);
  ASSERT_EQ(world.pending_entries.size(), 1u);
  EXPECT_EQ(world.pending_entries[0], 4);
}

}  // namespace
}  // namespace clustersim

namespace clustersim {
namespace {

// Issue 25: a funder's budget follows its [[programme_budget]] path: the funder's own
// annual_budget before the first step, then each step from its month; other funders keep
// theirs.
TEST(ProgrammeBudget, budget_follows_the_path_from_each_step) {
  const Scenario s = load_scenario_text(testing::minimal_scenario_toml() + R"(annual_budget = 70

[[funders]]
name = "idf"
kind = "idf_loan"
annual_budget = 10

[[programme_budget]]
funder = "idf"
from = "2021-03"
annual_budget = 300

[[programme_budget]]
funder = "idf"
from = "2021-09"
annual_budget = 0
)",
                                        "m.toml");
  World world = cluster_model(s).build(0);
  std::vector<double> idf, grants;
  for (; !(s.calendar.end < world.date); world.date = world.date.plus(1)) {
    apply_scheduled_events(world);
    idf.push_back(world.funders.annual_budget[1]);
    grants.push_back(world.funders.annual_budget[0]);
  }
  EXPECT_EQ(idf, (std::vector<double>{10, 10, 300, 300, 300, 300, 300, 300, 0, 0, 0, 0}));
  EXPECT_EQ(grants, std::vector<double>(12, 70.0));
}

}  // namespace
}  // namespace clustersim
