// Column 0 of the metrics is the initial state as built (issue 11): derived state such
// as absorptive capacity is computed, and no flow is recorded before month 1, so every
// cumulative equals the sum of its flows in every column.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "models/scenario/scenario_loader.hpp"
#include "support/test_support.hpp"

namespace clustersim::testing {
namespace {

double value(const MetricTable& table, const std::string& name, int r, int t) {
  const int m = table.index_of(name);
  EXPECT_GE(m, 0) << name;
  return m < 0 ? 0.0 : table.at(m, r, t);
}

std::vector<std::string> public_money_flows(const MetricTable& table) {
  std::vector<std::string> flows;
  for (const auto& info : table.metrics())
    if (info.name.starts_with("public_money_") && info.name != "public_money_cumulative")
      flows.push_back(info.name);
  return flows;
}

TEST(MetricsInitialColumn, every_scenario_shows_initial_absorptive_capacity_and_money_adds_up) {
  for (const auto& file : scenario_files()) {
    SCOPED_TRACE(file);
    const Scenario scenario = shortened(load_scenario_file(file, {"replications=1"}), 3);
    const MetricTable table = run_model(scenario);
    ASSERT_GT(value(table, "firms_alive", 0, 0), 0.0);
    // Firms start with R&D and competence, so their absorptive capacity is positive.
    EXPECT_GT(value(table, "absorptive_capacity_mean", 0, 0), 0.0);
    const auto flows = public_money_flows(table);
    ASSERT_FALSE(flows.empty());
    double paid = 0;
    for (int t = 0; t < table.columns(); ++t) {
      for (const auto& flow : flows) paid += value(table, flow, 0, t);
      const double cumulative = value(table, "public_money_cumulative", 0, t);
      EXPECT_NEAR(cumulative, paid, 1e-9 * std::max(1.0, std::abs(paid))) << "column " << t;
    }
  }
}

// The initial population has no links and no projects, so network and project measures
// are truly 0 in column 0; the network appears in month 1.
TEST(MetricsInitialColumn, the_network_starts_empty_and_forms_in_month_one) {
  const Scenario scenario =
      shortened(load_scenario_file(source_path("scenarios/tomsk.toml"), {"replications=1"}), 2);
  const MetricTable table = run_model(scenario);
  EXPECT_EQ(value(table, "links", 0, 0), 0.0);
  EXPECT_EQ(value(table, "competence_gap", 0, 0), 0.0);
  EXPECT_GT(value(table, "links", 0, 1), 0.0);
}

}  // namespace
}  // namespace clustersim::testing
