// The resolved TOML written by to_toml reads back to the same scenario, bit for bit.
#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "models/scenario/scenario_loader.hpp"
#include "models/scenario/scenario_writer.hpp"
#include "support/test_support.hpp"

namespace clustersim {
namespace {

std::string with_event_sets(std::string text) {
  return text + R"(
[[events]]
date = "2021-04"
note = "Transfer slows; \"quoted\" note\twith tab."
set = { parameters.transfer.rate = 0.01, "policy.foreign_knowledge_access.software" = 0.25 }
open_centers = ["cc"]
)";
}

TEST(ScenarioWriter, resolved_toml_is_a_fixed_point) {
  const Scenario first = load_scenario_file(testing::source_path("scenarios/tutorial.toml"));
  const std::string once = to_toml(first);
  const Scenario second = load_scenario_text(once, "resolved.toml");
  const std::string twice = to_toml(second);
  EXPECT_EQ(once, twice);
  EXPECT_EQ(second.name, "tutorial");
  EXPECT_EQ(second.firms.size(), first.firms.size());
  EXPECT_EQ(second.events.size(), first.events.size());
  EXPECT_EQ(second.output.snapshots, first.output.snapshots);
}

TEST(ScenarioWriter, event_sets_and_escaped_strings_round_trip) {
  const Scenario first =
      load_scenario_text(with_event_sets(testing::minimal_scenario_toml()), "events.toml");
  ASSERT_EQ(first.events.size(), 1u);
  ASSERT_EQ(first.events[0].set.size(), 2u);
  const std::string once = to_toml(first);
  const Scenario second = load_scenario_text(once, "resolved.toml");
  EXPECT_EQ(to_toml(second), once);
  ASSERT_EQ(second.events.size(), 1u);
  EXPECT_EQ(second.events[0].note, first.events[0].note);
  ASSERT_EQ(second.events[0].set.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(second.events[0].set[i].key, first.events[0].set[i].key);
    EXPECT_EQ(second.events[0].set[i].value, first.events[0].set[i].value);
  }
}

TEST(ScenarioWriter, every_key_is_explicit) {
  const std::string text = to_toml(load_scenario_text(testing::minimal_scenario_toml(), "m.toml"));
  // Keys the minimal scenario leaves out appear with their defaults.
  EXPECT_NE(text.find("\n[parameters.transfer]\nrate = 0.05"), std::string::npos) << text;
  EXPECT_NE(text.find("max_firms = 0"), std::string::npos);
  EXPECT_NE(text.find("foreign_knowledge_access = { software = 1.0, electronics = 1.0 }"),
            std::string::npos);
}

TEST(ScenarioWriter, doubles_round_trip_bit_for_bit) {
  Scenario s = load_scenario_text(testing::minimal_scenario_toml(), "m.toml");
  const double awkward = 0.1 + 0.2;  // 0.30000000000000004
  ASSERT_NE(awkward, 0.3);
  s.parameters.transfer_rate = awkward;
  s.parameters.trust_decay = 1.0 / 3.0;
  s.firms[0].knowledge[1] = 5e-324;  // smallest subnormal
  s.firms[0].employees_max = 123456.789;
  s.parameters.stage_cost[3] = 2.0 / 7.0;
  const Scenario back = load_scenario_text(to_toml(s), "resolved.toml");
  auto same_bits = [](double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; };
  EXPECT_TRUE(same_bits(back.parameters.transfer_rate, awkward));
  EXPECT_TRUE(same_bits(back.parameters.trust_decay, 1.0 / 3.0));
  EXPECT_TRUE(same_bits(back.firms[0].knowledge[1], 5e-324));
  EXPECT_TRUE(same_bits(back.firms[0].employees_max, 123456.789));
  EXPECT_TRUE(same_bits(back.parameters.stage_cost[3], 2.0 / 7.0));
}

}  // namespace
}  // namespace clustersim
