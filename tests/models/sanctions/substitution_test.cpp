// Induced substitution (docs/model.md 3.9, "Induced substitution"): the rent a domestic
// substitute would earn per domain (models/sanctions/substitution_rules.hpp, the pull in
// models/sanctions/supply.cpp) and the project-type choice it steers
// (models/innovation/innovation.cpp).
#include <gtest/gtest.h>

#include <vector>

#include "models/finance/money.hpp"
#include "models/model_fixtures.hpp"
#include "models/phases.hpp"
#include "models/sanctions/sanctions_fixtures.hpp"
#include "models/sanctions/substitution_rules.hpp"

namespace clustersim::testing {
namespace {

TEST(SubstitutePremium, IsZeroWithoutCutOrDevaluation) {
  EXPECT_EQ(rules::substitute_premium(0.0, 0.0, 0.0, 0.0), 0.0);
  EXPECT_EQ(rules::substitute_premium(0.0, 0.5, 0.3, 0.0), 0.0);
}

TEST(SubstitutePremium, MissingInputsSellInFullParallelAndDevaluationAtTheirPremium) {
  // Half the imports cut, half of that restored by parallel imports at a 30% mark-up:
  // a quarter missing (sold in full), an eighth undercut by 0.3.
  EXPECT_DOUBLE_EQ(rules::substitute_premium(0.5, 0.5, 0.3, 0.0), 0.25 + 0.25 * 0.3);
  // A 20% devaluation raises the price of what is still bought (three quarters).
  EXPECT_DOUBLE_EQ(rules::substitute_premium(0.5, 0.5, 0.3, 0.2), 0.25 + 0.075 + 0.75 * 0.2);
  // A total embargo without parallel imports: every rouble of imports is missing.
  EXPECT_DOUBLE_EQ(rules::substitute_premium(1.0, 0.0, 0.0, 0.0), 1.0);
  // Appreciation lowers the premium, never below zero.
  EXPECT_EQ(rules::substitute_premium(0.0, 0.0, 0.0, -0.2), 0.0);
}

// 400 firms with money to spare, each importing half its inputs as critical inputs of
// domain 0; `cut` of domain 0 is cut (none when 0). The production phase's accounting
// of needs sets the pull the next innovation phase reads.
World shortage_world(double cut, double response = 1.0) {
  Scenario scenario = minimal_scenario();
  scenario.firms[0].count = 400;
  scenario.parameters.project_start_rate = 0.5;
  scenario.parameters.parallel_import_share = 0.5;
  scenario.parameters.substitution_response = response;
  World world = build_world(scenario, 0);
  auto& f = world.firms;
  for (int i = 0; i < f.capacity; ++i) {
    f.substitutes[std::size_t(i)] = 0;
    f.rd_budget[std::size_t(i)] = 100.0;
    f.import_dependence(i, 0) = 0.5;
  }
  if (cut > 0) apply_sanctions_package(world, package(world.scenario(), cut, 0.3, 0));
  update_supply(world);
  account_critical_inputs(world);
  return world;
}

struct Started {
  int projects = 0, substitutes = 0, substitutes_in_0 = 0;
  std::vector<int> types;
};

Started start_projects(World& world) {
  innovation_phase(world);
  Started s;
  const auto& f = world.firms;
  for (int i = 0; i < f.capacity; ++i) {
    const auto n = std::size_t(i);
    if (!f.alive[n] || f.project_event[n] != ProjectEvent::started) continue;
    ++s.projects;
    s.types.push_back(int(f.project_type[n]));
    if (f.project_type[n] != ProjectType::import_substitute) continue;
    ++s.substitutes;
    if (f.project_domains[n * kMaxRequiredDomains] == 0) ++s.substitutes_in_0;
  }
  return s;
}

TEST(SubstitutionPull, IsZeroWithoutSanctionsAndGrowsWithTheCut) {
  std::vector<double> pull;
  for (const double cut : {0.0, 0.3, 1.0}) {
    const World world = shortage_world(cut);
    pull.push_back(world.environment.substitution_pull[0]);
    EXPECT_EQ(world.environment.substitution_pull[1], 0.0) << cut;  // domain 1 is not cut
  }
  EXPECT_EQ(pull[0], 0.0);
  EXPECT_GT(pull[1], 0.0);
  EXPECT_GT(pull[2], pull[1]);
}

TEST(SubstitutionPull, FallsAsSubstitutesReplaceTheImports) {
  World world = shortage_world(1.0);
  const double before = world.environment.substitution_pull[0];
  world.live.parameters.substitute_ramp_months = 0;
  world.firms.substitutes[1] = 1u;  // one holder: its supply over the needs of imports replaced
  update_supply(world);
  account_critical_inputs(world);
  ASSERT_GT(world.environment.substitution_share[0], 0.0);
  EXPECT_LT(world.environment.substitution_pull[0], before);
}

// Directed technical change: on common random numbers (same world, same draws), cutting
// domain 0 turns more of the same starts into import substitutes, in domain 0. Fails
// without the induced term: the type weights would not see the shortage.
TEST(InducedSubstitution, ShortageTurnsMoreStartsIntoSubstitutesOfTheCutDomain) {
  World calm = shortage_world(0.0), cut = shortage_world(1.0);
  const Started a = start_projects(calm), b = start_projects(cut);
  ASSERT_GT(a.projects, 100);
  EXPECT_EQ(b.projects, a.projects);  // the start decision does not change
  EXPECT_GT(b.substitutes, a.substitutes + 10) << a.substitutes << " vs " << b.substitutes;
  EXPECT_GT(b.substitutes_in_0, a.substitutes_in_0 + 10);
  // Only product and process starts turn into substitutes; no substitute turns back.
  for (std::size_t k = 0; k < a.types.size(); ++k)
    if (a.types[k] == int(ProjectType::import_substitute)) EXPECT_EQ(b.types[k], a.types[k]) << k;
}

// With no shortage and no premium the type draw falls back to the baseline weights, draw
// for draw; so does a shortage when the response is 0.
TEST(InducedSubstitution, WithoutPullTheChoiceIsTheBaselineDrawForDraw) {
  World calm = shortage_world(0.0), off = shortage_world(1.0, /*response=*/0.0);
  World baseline = shortage_world(0.0, /*response=*/0.0);
  const auto types = start_projects(baseline).types;
  EXPECT_EQ(start_projects(calm).types, types);
  EXPECT_EQ(start_projects(off).types, types);
}

}  // namespace
}  // namespace clustersim::testing
