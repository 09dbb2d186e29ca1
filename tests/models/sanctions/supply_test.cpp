// Sanctions packages and import substitution (models/sanctions/supply.cpp): the supply rules on a
// built world, and their effect on whole runs of scenarios/sanctions_2022.toml.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "models/finance/money.hpp"
#include "models/metrics.hpp"
#include "models/model_fixtures.hpp"
#include "models/sanctions/sanctions_fixtures.hpp"
#include "models/scenario/scenario_loader.hpp"

namespace clustersim::testing {
namespace {

// The minimal scenario's world with firm 0 depending on domain 0 for `dependence` of
// its inputs and no firm holding a substitute. Re-sourcing is off (its own test sets it),
// so the parallel share stays what the test gives.
World supply_world(double dependence, double parallel_share = 0.5) {
  Scenario scenario = minimal_scenario();
  scenario.parameters.parallel_import_share = parallel_share;
  scenario.parameters.resourcing_rate = 0;
  World world = build_world(scenario, 0);
  for (int i = 0; i < world.firms.capacity; ++i) world.firms.substitutes[std::size_t(i)] = 0;
  world.firms.import_dependence(0, 0) = dependence;
  return world;
}

// Issue 9: sovereignty and coverage against needs. Firm 0 alone imports in domain 0
// (dependence 0.6); the domestic producers' share of the domain's needs is 0.24 (HSE
// 2021, machine tools). Needs are held fixed (same inputs, no shortage loss booked).
struct NeedsShares {
  double sovereignty, coverage, sovereignty_other;
};

NeedsShares needs_shares(World& world) {
  for (int i = 0; i < world.firms.capacity; ++i) world.firms.shortage_loss[std::size_t(i)] = 0;
  account_critical_inputs(world);
  const auto& e = world.environment;
  return {e.sovereign_inputs[0] / e.needed_inputs[0], e.met_inputs[0] / e.needed_inputs[0],
          e.needed_inputs[1]};
}

World needs_world(double domestic) {
  World world = supply_world(0.6, /*parallel_share=*/0.0);
  world.live.parameters.domestic_share.assign(std::size_t(world.firms.domains), 0.0);
  world.live.parameters.domestic_share[0] = domestic;
  world.live.parameters.substitute_ramp_months = 0;
  update_supply(world);
  return world;
}

TEST(Sovereignty, BeforeAShockItEqualsTheDomesticShareAndCoverageIsFull) {
  World world = needs_world(0.24);
  const auto shares = needs_shares(world);
  EXPECT_NEAR(shares.sovereignty, 0.24, 1e-12);
  EXPECT_NEAR(shares.coverage, 1.0, 1e-12);
  EXPECT_EQ(shares.sovereignty_other, 0.0);  // domain 1: no need, left out
}

// A package's severity scales its cuts and export loss, each capped at 1, so one key
// stresses a whole package; severity 0 cuts nothing.
TEST(SanctionsPackage, SeverityScalesEveryCutAndCapsItAtOne) {
  for (const double severity : {0.0, 0.5, 3.0}) {
    World world = supply_world(0.6);
    Event event = package(world.scenario(), 0.4, 0.2, 0);
    event.licence_cut[0] = 0.2;
    event.export_loss = 0.5;
    event.severity = severity;
    apply_sanctions_package(world, event);
    const auto& e = world.environment;
    EXPECT_NEAR(e.import_cut[0], std::min(1.0, 0.4 * severity), 1e-12) << severity;
    EXPECT_NEAR(e.licence_cut[0], std::min(1.0, 0.2 * severity), 1e-12) << severity;
    EXPECT_NEAR(e.export_loss, std::min(1.0, 0.5 * severity), 1e-12) << severity;
  }
}

TEST(Sovereignty, EmbargoWithoutSubstitutesDropsCoverageAndLeavesSovereignty) {
  World world = needs_world(0.24);
  const auto before = needs_shares(world);
  apply_sanctions_package(world, package(world.scenario(), 1.0, 0.0, 0));
  update_supply(world);
  const auto after = needs_shares(world);
  EXPECT_NEAR(after.sovereignty, before.sovereignty, 1e-12);
  EXPECT_LT(after.coverage, before.coverage - 0.5);  // 76% of needs were imports
  EXPECT_NEAR(after.coverage, 0.24, 1e-12);
}

// The total index weighs domains by their needs before the first cut (pre-shock
// basket): when the firm importing in the least domestic domain exits after an embargo
// without substitutes, the total stays where it was instead of rising to the other
// domain's share. Firm 0 imports in domain 0 (domestic 0.24), firm 1 in domain 1 (0.8).
TEST(Sovereignty, TotalKeepsPreShockWeightsWhenImportDependentFirmsExit) {
  World world = needs_world(0.24);
  world.live.parameters.domestic_share[1] = 0.8;
  world.firms.import_dependence(1, 1) = 0.6;
  const auto group = supply_metrics(world.scenario());
  auto total = [&](World& w) {
    for (int i = 0; i < w.firms.capacity; ++i) w.firms.shortage_loss[std::size_t(i)] = 0;
    std::vector<double> row(group.infos.size());
    group.make_recorder()(w, row.data());
    for (std::size_t m = 0; m < group.infos.size(); ++m)
      if (group.infos[m].name == "sovereignty_index") return row[m];
    ADD_FAILURE() << "no sovereignty_index";
    return -1.0;
  };
  const double before = total(world);
  EXPECT_GT(before, 0.24);
  EXPECT_LT(before, 0.8);
  apply_sanctions_package(world, package(world.scenario(), 1.0, 0.0, 0));
  update_supply(world);
  world.firms.alive[0] = 0;  // the importer in domain 0 exits
  EXPECT_NEAR(total(world), before, 1e-12);
}

TEST(Sovereignty, ParallelImportsCountAsMetButNotAsSovereign) {
  World world = supply_world(0.6, /*parallel_share=*/0.5);
  world.live.parameters.domestic_share.assign(std::size_t(world.firms.domains), 0.0);
  world.live.parameters.domestic_share[0] = 0.24;
  apply_sanctions_package(world, package(world.scenario(), 1.0, 0.0, 0));
  update_supply(world);
  const auto shares = needs_shares(world);
  EXPECT_NEAR(shares.sovereignty, 0.24, 1e-12);
  EXPECT_NEAR(shares.coverage, 0.24 + 0.76 * 0.5, 1e-12);
}

TEST(Sovereignty, SubstitutionRaisesSovereigntyAndCoverage) {
  World world = needs_world(0.24);
  apply_sanctions_package(world, package(world.scenario(), 1.0, 0.0, 0));
  update_supply(world);
  const auto without = needs_shares(world);
  world.firms.substitutes[1] = 1u;  // firm 1 holds a substitute in domain 0
  update_supply(world);
  ASSERT_GT(world.environment.substitution_share[0], 0.0);
  const auto with = needs_shares(world);
  EXPECT_GT(with.sovereignty, without.sovereignty + 1e-6);
  EXPECT_GT(with.coverage, without.coverage + 1e-6);
}

TEST(Supply, InputAvailabilityIsExactlyOneWithoutSanctions) {
  World world = supply_world(0.6);
  update_supply(world);
  for (int i = 0; i < world.firms.capacity; ++i) {
    if (!world.firms.alive[std::size_t(i)]) continue;
    EXPECT_EQ(input_availability(world, i), 1.0) << i;
    EXPECT_EQ(input_cost_factor(world, i), 1.0) << i;
  }
}

TEST(Supply, InputAvailabilityFallsWithDependenceTimesCut) {
  for (double dependence : {0.25, 0.5}) {
    for (double cut : {0.2, 0.6}) {
      World world = supply_world(dependence);
      apply_sanctions_package(world, package(world.scenario(), cut, 0.0, 6));
      update_supply(world);
      EXPECT_DOUBLE_EQ(input_availability(world, 0), 1.0 - dependence * cut);
      // Firm 1 does not depend on domain 0.
      EXPECT_EQ(input_availability(world, 1), 1.0);
    }
  }
}

TEST(Supply, PackagesCombineAsIndependentCuts) {
  World world = supply_world(1.0, 0.0);
  apply_sanctions_package(world, package(world.scenario(), 0.5, 0.2, 6));
  apply_sanctions_package(world, package(world.scenario(), 0.5, 0.4, 6));
  EXPECT_DOUBLE_EQ(world.environment.import_cut[0], 0.75);
  EXPECT_DOUBLE_EQ(world.environment.parallel_markup[0], 0.4);
  update_supply(world);
  EXPECT_DOUBLE_EQ(input_availability(world, 0), 0.25);
}

TEST(Supply, ParallelImportsRestoreAvailabilityOnlyAfterTheDelay) {
  World world = supply_world(0.5, 0.5);
  world.step = 5;
  apply_sanctions_package(world, package(world.scenario(), 0.4, 0.3, 3));
  for (int step = 5; step < 8; ++step) {
    world.step = step;
    update_supply(world);
    EXPECT_DOUBLE_EQ(input_availability(world, 0), 0.8) << step;
    EXPECT_EQ(input_cost_factor(world, 0), 1.0) << step;
  }
  world.step = 8;
  update_supply(world);
  // Half the cut returns: 1 - 0.5 x 0.4 x (1 - 0.5). Parallel imports are 0.2 / 0.8 of
  // what is bought, at a 30% mark-up.
  EXPECT_DOUBLE_EQ(input_availability(world, 0), 0.9);
  EXPECT_DOUBLE_EQ(input_cost_factor(world, 0), 1.0 + 0.5 * (0.2 / 0.8) * 0.3);
}

// Buyers find other suppliers for what parallel imports do not restore, at
// resourcing_rate a year from the first arrival: the missing share falls by (1 - rate)
// each year, through a later package's new delay (during which nothing comes in
// parallel); with the rate 0 it stays where parallel imports left it.
TEST(Supply, BuyersFindOtherSuppliersForWhatIsStillMissing) {
  for (const double rate : {0.0, 0.4}) {
    World world = supply_world(0.5, 0.5);
    world.live.parameters.resourcing_rate = rate;
    world.step = 5;
    apply_sanctions_package(world, package(world.scenario(), 0.4, 0.3, 3));
    auto availability_at = [&](int step) {
      world.step = step;
      update_supply(world);
      return input_availability(world, 0);
    };
    // Missing at first arrival: 0.5 x 0.4 x 0.5 = 0.1.
    EXPECT_DOUBLE_EQ(availability_at(8), 0.9) << rate;
    EXPECT_NEAR(availability_at(20), 1.0 - 0.1 * (1.0 - rate), 1e-12) << rate;
    world.step = 26;
    apply_sanctions_package(world, package(world.scenario(), 0.2, 0.3, 2));
    // Cut 1 - 0.6 x 0.8 = 0.52; nothing in parallel until step 28.
    EXPECT_NEAR(availability_at(27), 1.0 - 0.5 * 0.52, 1e-12) << rate;
    const double still_missing = 0.5 * std::pow(1.0 - rate, 32.0 / 12.0);
    EXPECT_NEAR(availability_at(40), 1.0 - 0.5 * 0.52 * still_missing, 1e-12) << rate;
  }
}

TEST(Supply, DomesticSubstitutesRestoreAvailabilityAfterTheRampUp) {
  World world = supply_world(0.5, 0.0);
  world.live.parameters.substitute_ramp_months = 12;
  world.step = 2;
  apply_sanctions_package(world, package(world.scenario(), 0.4, 0.0, 0));
  update_supply(world);
  account_critical_inputs(world);  // the domain's needs, which substitutes replace
  EXPECT_DOUBLE_EQ(input_availability(world, 0), 0.8);
  // Ten domestic holders of a substitute in domain 0 appear at step 3: their output share
  // is set so that together they replace half the domain's critical imports once ramped
  // up (the share replaced is their supply over the domain's needs of imports).
  int holders = 0;
  double capacity = 0;
  for (int i = 1; i < world.firms.capacity && holders < 10; ++i)
    if (world.firms.alive[std::size_t(i)]) {
      world.firms.substitutes[std::size_t(i)] = 1;
      capacity += productive_capacity(world, std::size_t(i));
      ++holders;
    }
  ASSERT_EQ(holders, 10);
  const double imports = world.environment.needed_inputs[0];  // no domestic share
  ASSERT_GT(imports, 0.0);
  world.live.parameters.substitute_output_share = 0.5 * imports / capacity;
  world.step = 3;
  update_supply(world);
  EXPECT_EQ(world.environment.first_substitute_step[0], 3);
  EXPECT_DOUBLE_EQ(input_availability(world, 0), 0.8);  // nothing delivered yet
  world.step = 9;
  update_supply(world);
  EXPECT_NEAR(world.environment.substitution_share[0], 0.25, 1e-12);
  EXPECT_NEAR(input_availability(world, 0), 1.0 - 0.5 * 0.4 * 0.75, 1e-12);
  world.step = 15;
  update_supply(world);
  EXPECT_NEAR(world.environment.substitution_share[0], 0.5, 1e-12);
  EXPECT_NEAR(input_availability(world, 0), 0.9, 1e-12);
  world.step = 40;
  update_supply(world);
  EXPECT_NEAR(input_availability(world, 0), 0.9, 1e-12);  // the ramp stops at 1
}

TEST(Supply, LicenceCutLowersAvailabilityByKnowledgeShare) {
  World world = supply_world(0.0);
  auto& f = world.firms;
  f.knowledge(0, 0) = 1.0;
  f.knowledge(0, 1) = 3.0;
  Event event = package(world.scenario(), 0.0, 0.0, 0);
  event.licence_cut[1] = 0.5;
  apply_sanctions_package(world, event);
  update_supply(world);
  const double share = world.parameters().licence_productivity_share;
  EXPECT_DOUBLE_EQ(input_availability(world, 0), 1.0 - share * 0.75 * 0.5);
}

TEST(Supply, KnowledgeCutScalesForeignKnowledgeAccess) {
  World world = supply_world(0.0);
  auto& access = world.live.policy.foreign_knowledge_access;
  access[0] = 0.8;
  Event event = package(world.scenario(), 0.0, 0.0, 0);
  event.knowledge_cut[0] = 0.25;
  apply_sanctions_package(world, event);
  EXPECT_DOUBLE_EQ(access[0], 0.6);
  EXPECT_EQ(access[1], 1.0);
}

// ---- whole runs of the sanctions scenario -------------------------------------------

// The sanctions scenario, cut to end at `end` (dropping events and snapshots after it).
Scenario sanctions(std::vector<std::string> overrides, YearMonth end = {2025, 12}) {
  Scenario scenario =
      load_scenario_file(source_path("scenarios/sanctions_2022.toml"), std::move(overrides));
  scenario.calendar.end = end;
  std::erase_if(scenario.events, [&](const Event& event) { return end < event.date; });
  scenario.output.snapshots.clear();
  return scenario;
}

Event zero_package(const Scenario& scenario, YearMonth date) {
  Event event = package(scenario, 0.0, 0.0, 6);
  event.date = date;
  event.note = "a package whose cuts are all zero";
  return event;
}

void expect_bit_identical(const MetricTable& a, const MetricTable& b) {
  ASSERT_EQ(a.metrics().size(), b.metrics().size());
  ASSERT_EQ(a.replications(), b.replications());
  ASSERT_EQ(a.columns(), b.columns());
  const auto bytes = sizeof(double) * std::size_t(a.replications()) * std::size_t(a.columns());
  for (int m = 0; m < int(a.metrics().size()); ++m)
    EXPECT_EQ(std::memcmp(a.series(m), b.series(m), bytes), 0) << a.metrics()[std::size_t(m)].name;
}

// Brief, section 7: "a sanctions cut of zero changes nothing". Once on its own (no other
// package) and once after the scenario's 2022 package, while its parallel imports are
// still on their way and again once they arrived (a zero package must not restart them).
TEST(Sanctions, PackageWithAllCutsZeroLeavesEveryMetricBitIdentical) {
  Scenario calm = sanctions({"replications=2"}, {2023, 9});
  calm.events.clear();
  Scenario calm_zero = calm;
  calm_zero.events.push_back(zero_package(calm, {2022, 3}));
  expect_bit_identical(run_model(calm), run_model(calm_zero));

  const Scenario hit = sanctions({"replications=2"}, {2023, 9});
  Scenario hit_zero = hit;
  hit_zero.events.push_back(zero_package(hit, {2022, 4}));
  hit_zero.events.push_back(zero_package(hit, {2022, 9}));
  expect_bit_identical(run_model(hit), run_model(hit_zero));
}

// Mean over replications of a metric summed over every month, and at the final month.
double cumulative_mean(const MetricTable& table, const std::string& name) {
  const int metric = table.index_of(name);
  EXPECT_GE(metric, 0) << name;
  double sum = 0;
  for (int r = 0; r < table.replications(); ++r)
    for (int t = 1; t < table.columns(); ++t) sum += table.at(metric, r, t);
  return sum / table.replications();
}

double mean_at(const MetricTable& table, const std::string& name, int t) {
  const int metric = table.index_of(name);
  EXPECT_GE(metric, 0) << name;
  double sum = 0;
  for (int r = 0; r < table.replications(); ++r) sum += table.at(metric, r, t);
  return sum / table.replications();
}

// Issue 4: on average over replications a deeper import cut never raises output. One
// package in 2022-03 cuts every domain by the same share (nothing else), so only the cut
// differs. Margin: 0.5% of the shallower cut's output, for the noise of exits and entries
// (common random numbers keep it small).
TEST(Sanctions, DeeperImportCutNeverRaisesOutput) {
  std::vector<double> revenue, value_added, final_revenue;
  for (double cut : {0.0, 0.2, 0.5, 0.8}) {
    Scenario scenario = sanctions({"replications=6"}, {2024, 12});
    Event event = package(scenario, 0.0, 0.2, 3);
    event.date = {2022, 3};
    std::fill(event.import_cut.begin(), event.import_cut.end(), cut);
    scenario.events = {event};
    const MetricTable table = run_model(scenario);
    revenue.push_back(cumulative_mean(table, "revenue"));
    value_added.push_back(cumulative_mean(table, "value_added"));
    final_revenue.push_back(mean_at(table, "revenue", table.columns() - 1));
  }
  for (std::size_t k = 1; k < revenue.size(); ++k) {
    EXPECT_LE(revenue[k], revenue[k - 1] * 1.005) << k;
    EXPECT_LE(value_added[k], value_added[k - 1] * 1.005) << k;
    EXPECT_LE(final_revenue[k], final_revenue[k - 1] * 1.005) << k;
  }
  // And the deepest cut costs output at all.
  EXPECT_LT(revenue.back(), 0.99 * revenue.front());
}

// Issue 4: import substitution raises the sovereignty index over time. Mean over 6
// replications of the index the month after the 2022-03 package and at the end of 2025.
// Without substitute capacity nothing replaces sanctioned imports and the index stays 0.
// Scale-up at the default cost (the shipped scenario prices it at IDF project size since
// issue 9, which halves completed projects and slows substitution within 2025).
TEST(Sanctions, ImportSubstitutionRaisesSovereigntyIndexOverTime) {
  const Scenario scenario =
      sanctions({"replications=6", "parameters.innovation.scaleup_reference_employees=100"});
  const int after_package = months_between(scenario.calendar.start, YearMonth{2022, 4}) + 1;
  const MetricTable table = run_model(scenario);
  const int last = table.columns() - 1;
  const double early = mean_at(table, "sovereignty_index", after_package);
  const double late = mean_at(table, "sovereignty_index", last);
  EXPECT_GT(late, early + 0.02);
  EXPECT_GT(mean_at(table, "substitution_share_mean", last),
            mean_at(table, "substitution_share_mean", after_package));
  EXPECT_GT(mean_at(table, "output_lost_to_shortages", after_package), 0.0);

  const MetricTable none =
      run_model(sanctions({"replications=2", "parameters.sanctions.substitute_output_share=0"}));
  // Issue 9: without substitutes each domain's sovereignty stays at its pre-shock level,
  // the domestic share (the total moves with the mix of needs across domains); coverage
  // falls with the cut.
  for (const char* domain : {"electronics", "machine_tools", "pharma_chemistry"}) {
    const std::string name = std::string("sovereignty_index_") + domain;
    EXPECT_NEAR(mean_at(none, name, none.columns() - 1), mean_at(none, name, 0), 1e-9) << name;
  }
  EXPECT_NEAR(mean_at(none, "sovereignty_index_electronics", 0), 0.12, 1e-9);
  EXPECT_LT(mean_at(none, "critical_input_coverage", after_package), 1.0);
}

}  // namespace
}  // namespace clustersim::testing
