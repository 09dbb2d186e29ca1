#include <gtest/gtest.h>

#include "models/knowledge/knowledge_rules.hpp"
#include "models/model_fixtures.hpp"
#include "models/phases.hpp"

namespace clustersim {
namespace {

constexpr double kCapacity = 50.0;  // person-months per month

// A world where every firm has a project needing both domains and lacks competence
// in them; turnover is off so only training moves competence. `centers` identical centers
// of the one cluster (names made distinct).
World training_world(const std::string& kind, double capacity = kCapacity,
                     std::initializer_list<int> required = {0, 1}, int centers = 1) {
  auto scenario = testing::minimal_scenario();
  scenario.centers[0].kind = kind;
  scenario.centers[0].training_capacity = capacity;
  for (int k = 1; k < centers; ++k) {
    scenario.centers.push_back(scenario.centers[0]);
    scenario.centers.back().name += " " + std::to_string(k + 1);
  }
  scenario.parameters.competence_turnover = 0.0;
  World world = build_world(scenario, 0);
  auto& f = world.firms;
  for (int i = 0; i < f.capacity; ++i) {
    if (!f.alive[std::size_t(i)]) continue;
    f.competence(i, 0) = 0.05;
    f.competence(i, 1) = 0.1;
    testing::give_project(world, i, required);
  }
  return world;
}

// Sum over firms of the competence gap to the need in the given domains, weighted by staff.
double weighted_gap(const World& world, std::initializer_list<int> domains) {
  const auto& f = world.firms;
  const double need = world.parameters().project_competence_need;
  double total = 0;
  for (int i = 0; i < f.capacity; ++i) {
    if (!f.alive[std::size_t(i)]) continue;
    for (int d : domains)
      total += std::max(0.0, need - f.competence(i, d)) * f.employees[std::size_t(i)];
  }
  return total;
}

TEST(Training, competence_center_delivers_no_more_than_its_capacity) {
  World world = training_world("competence_center");
  ASSERT_GT(weighted_gap(world, {0, 1}), 2 * kCapacity);  // demand exceeds supply
  learning_phase(world);
  const auto& f = world.firms;
  double received = 0;
  for (int i = 0; i < f.capacity; ++i) received += f.training_received[std::size_t(i)];
  EXPECT_LE(world.centers.trainings_delivered[0], kCapacity + 1e-9);
  EXPECT_LE(received, kCapacity + 1e-9);
  EXPECT_NEAR(received, kCapacity, 1e-6);  // with excess demand the capacity is used up
  EXPECT_NEAR(world.month.trainings, received, 1e-9);
}

// Capacity binds only while demand exceeds it: a center with half again the month's demand
// closes every member's gap and leaves nothing unmet; at a third of the demand it closes no
// member's gap, delivers its capacity and reports the rest as unmet (training_unmet).
TEST(Training, center_at_lower_capacity_closes_fewer_gaps_and_reports_unmet_demand) {
  const World probe = training_world("competence_center");
  const double demand = weighted_gap(probe, {0, 1}) / probe.parameters().competence_training_effect;
  auto closed_after_a_month = [&](double capacity, double& unmet, double& delivered) {
    World world = training_world("competence_center", capacity);
    learning_phase(world);
    unmet = world.month.training_unmet;
    delivered = world.month.trainings;
    const auto& f = world.firms;
    const double need = world.parameters().project_competence_need;
    int closed = 0;
    for (int i = 0; i < f.capacity; ++i)
      closed += f.alive[std::size_t(i)] && f.competence(i, 0) >= need - 1e-9 &&
                f.competence(i, 1) >= need - 1e-9;
    return closed;
  };
  double unmet = -1, delivered = -1;
  const int members = closed_after_a_month(1.5 * demand, unmet, delivered);
  EXPECT_GT(members, 0);
  EXPECT_NEAR(unmet, 0.0, 1e-9);
  EXPECT_NEAR(delivered, demand, 1e-6 * demand);
  EXPECT_EQ(closed_after_a_month(demand / 3, unmet, delivered), 0);
  EXPECT_NEAR(delivered, demand / 3, 1e-6 * demand);
  EXPECT_NEAR(unmet, 2 * demand / 3, 1e-6 * demand);
}

// Two competence centers of one cluster, each with a third of the month's demand: the
// second trains what the first left open, and the demand neither met is counted once
// (a third of the demand), not once per center.
TEST(Training, unmet_demand_of_two_centers_in_a_cluster_is_counted_once) {
  const World probe = training_world("competence_center");
  const double demand = weighted_gap(probe, {0, 1}) / probe.parameters().competence_training_effect;
  World world = training_world("competence_center", demand / 3, {0, 1}, 2);
  learning_phase(world);
  EXPECT_NEAR(world.month.trainings, 2 * demand / 3, 1e-6 * demand);
  EXPECT_NEAR(world.month.training_unmet, demand / 3, 1e-6 * demand);
}

TEST(Training, competence_gained_is_bounded_by_capacity_times_training_effect) {
  World world = training_world("competence_center");
  const double effect = world.parameters().competence_training_effect;
  for (int month = 0; month < 12; ++month) {
    const DomainMatrix before = world.firms.competence;
    const double gap_before = weighted_gap(world, {0, 1});
    learning_phase(world);
    const auto& f = world.firms;
    double weighted_gain = 0;
    for (int i = 0; i < f.capacity; ++i) {
      if (!f.alive[std::size_t(i)]) continue;
      for (int d = 0; d < 2; ++d)
        weighted_gain += (f.competence(i, d) - before(i, d)) * f.employees[std::size_t(i)];
    }
    EXPECT_GE(weighted_gain, 0.0);
    EXPECT_LE(weighted_gain, kCapacity * effect + 1e-6) << "month " << month;
    // The staff-weighted gap closes no faster than the capacity allows.
    EXPECT_LE(gap_before - weighted_gap(world, {0, 1}), kCapacity * effect + 1e-6);
  }
  EXPECT_LT(weighted_gap(world, {0, 1}), weighted_gap(training_world("competence_center"), {0, 1}));
}

TEST(Training, ample_capacity_closes_the_gap_exactly_without_overshoot) {
  World world = training_world("competence_center", 1e7);
  learning_phase(world);
  const auto& f = world.firms;
  const double need = world.parameters().project_competence_need;
  for (int i = 0; i < f.capacity; ++i) {
    if (!f.alive[std::size_t(i)]) continue;
    EXPECT_NEAR(f.competence(i, 0), need, 1e-9);
    EXPECT_NEAR(f.competence(i, 1), need, 1e-9);
  }
}

TEST(Training, competence_center_raises_only_the_projects_required_domains) {
  World world = training_world("competence_center", kCapacity, {0});
  const DomainMatrix before = world.firms.competence;
  learning_phase(world);
  const auto& f = world.firms;
  bool raised = false;
  for (int i = 0; i < f.capacity; ++i) {
    if (!f.alive[std::size_t(i)]) continue;
    EXPECT_GE(f.competence(i, 0), before(i, 0));
    raised = raised || f.competence(i, 0) > before(i, 0);
    EXPECT_EQ(f.competence(i, 1), before(i, 1)) << "firm " << i;
    EXPECT_EQ(f.general_training[std::size_t(i)], 0.0);
  }
  EXPECT_TRUE(raised);
}

TEST(Training, advanced_training_center_raises_every_domain) {
  World world = training_world("advanced_training", kCapacity, {0});
  const DomainMatrix before = world.firms.competence;
  learning_phase(world);
  const auto& f = world.firms;
  double general = 0;
  for (int i = 0; i < f.capacity; ++i) {
    if (!f.alive[std::size_t(i)]) continue;
    general += f.general_training[std::size_t(i)];
    EXPECT_EQ(f.training_received[std::size_t(i)], 0.0);
    EXPECT_GT(f.competence(i, 0), before(i, 0)) << "firm " << i;
    EXPECT_GT(f.competence(i, 1), before(i, 1)) << "firm " << i;
  }
  EXPECT_LE(general, kCapacity + 1e-9);
  EXPECT_LE(world.centers.trainings_delivered[0], kCapacity + 1e-9);
}

TEST(Training, center_of_excellence_does_no_training) {
  World world = training_world("center_of_excellence");
  const DomainMatrix before = world.firms.competence;
  learning_phase(world);
  const auto& f = world.firms;
  EXPECT_EQ(world.centers.trainings_delivered[0], 0.0);
  EXPECT_EQ(world.month.trainings, 0.0);
  for (int i = 0; i < f.capacity; ++i) {
    if (!f.alive[std::size_t(i)]) continue;
    EXPECT_EQ(f.training_received[std::size_t(i)], 0.0);
    EXPECT_EQ(f.general_training[std::size_t(i)], 0.0);
    EXPECT_EQ(f.competence(i, 0), before(i, 0));
    EXPECT_EQ(f.competence(i, 1), before(i, 1));
  }
}

TEST(Training, inactive_center_does_no_training) {
  auto scenario = testing::minimal_scenario();
  scenario.centers[0].active = false;
  World world = build_world(scenario, 0);
  testing::give_project(world, 0, {0, 1});
  world.firms.competence(0, 0) = 0.0;
  learning_phase(world);
  EXPECT_EQ(world.centers.trainings_delivered[0], 0.0);
  EXPECT_EQ(world.firms.training_received[0], 0.0);
}

// A world of the minimal scenario with only own R&D and depreciation: no foreign
// inflow, university or center transfer, and no R&D money.
World depreciation_world() {
  auto scenario = testing::minimal_scenario();
  scenario.parameters.foreign_inflow_rate = 0.0;
  scenario.parameters.transfer_university_rate = 0.0;
  scenario.parameters.transfer_center_rate = 0.0;
  World world = build_world(scenario, 0);
  std::fill(world.firms.rd_budget.begin(), world.firms.rd_budget.end(), 0.0);
  return world;
}

// Specialisation (issue 10): a domain outside the firm's project fades at
// rd.unused_depreciation, one the project uses at rd.depreciation.
TEST(Specialisation, unused_domain_fades_faster_than_a_used_one) {
  World world = depreciation_world();
  auto& f = world.firms;
  f.knowledge(0, 0) = f.knowledge(0, 1) = 1.0;
  testing::give_project(world, 0, {0});
  for (int month = 0; month < 12; ++month) learning_phase(world);
  const auto& p = world.parameters();
  EXPECT_NEAR(f.knowledge(0, 0), 1.0 - p.rd_depreciation, 1e-9);
  EXPECT_NEAR(f.knowledge(0, 1), 1.0 - p.rd_unused_depreciation, 1e-9);
  EXPECT_LT(f.knowledge(0, 1), f.knowledge(0, 0));
}

// Before its first project a firm works in every domain: all fade alike.
TEST(Specialisation, without_a_project_every_domain_fades_alike) {
  World world = depreciation_world();
  auto& f = world.firms;
  f.knowledge(0, 0) = f.knowledge(0, 1) = 1.0;
  for (int month = 0; month < 12; ++month) learning_phase(world);
  EXPECT_NEAR(f.knowledge(0, 1), f.knowledge(0, 0), 1e-12);
  EXPECT_NEAR(f.knowledge(0, 0), 1.0 - world.parameters().rd_depreciation, 1e-9);
}

// Own R&D goes only to the domains the project uses.
TEST(Specialisation, own_rd_goes_to_the_projects_domains) {
  World world = depreciation_world();
  auto& f = world.firms;
  f.knowledge(0, 0) = f.knowledge(0, 1) = 1.0;
  f.rd_budget[0] = 10.0;
  testing::give_project(world, 0, {1});
  learning_phase(world);
  const auto& p = world.parameters();
  EXPECT_NEAR(f.knowledge(0, 0), rules::monthly_retention(p.rd_unused_depreciation), 1e-12);
  EXPECT_GT(f.knowledge(0, 1), rules::monthly_retention(p.rd_depreciation) + 1e-3);
}

// Partner transfer is domain-specific: a firm takes in full what a partner knows in the
// domains its project works in (Lane and Lubatkin 1998), elsewhere in proportion to its
// strength there (Cohen and Levinthal 1990). A partner ahead by the same amount in both
// domains passes five times as much in the learner's weak domain (a fifth of its strongest)
// when the project works in it.
TEST(Specialisation, partner_transfer_is_full_in_the_projects_domains_else_by_strength) {
  auto gain_in_weak_domain = [](int project_domain) {
    World world = depreciation_world();
    auto& f = world.firms;
    f.knowledge(0, 0) = 1.0;
    f.knowledge(0, 1) = 0.2;
    f.knowledge(1, 0) = 1.5;
    f.knowledge(1, 1) = 0.7;
    testing::link_firms(world, 0, 1, 1.0);
    testing::give_project(world, 0, {project_domain});
    learning_phase(world);
    const auto& p = world.parameters();
    const double rate = project_domain == 1 ? p.rd_depreciation
                                            : std::max(p.rd_depreciation, p.rd_unused_depreciation);
    return f.knowledge(0, 1) - 0.2 * rules::monthly_retention(rate);
  };
  const double elsewhere = gain_in_weak_domain(0);
  ASSERT_GT(elsewhere, 0.0);
  EXPECT_NEAR(gain_in_weak_domain(1) / elsewhere, 1.0 / 0.2, 1e-6);
}

// The same holds for contract research: a university ahead by the same amount in two
// domains passes more in the firm's strong domain.
TEST(Specialisation, university_transfer_follows_the_learners_strengths) {
  auto scenario = testing::minimal_scenario();
  scenario.parameters.foreign_inflow_rate = 0.0;
  World world = build_world(scenario, 0);
  auto& f = world.firms;
  std::fill(f.rd_budget.begin(), f.rd_budget.end(), 0.0);
  f.knowledge(0, 0) = 1.0;
  f.knowledge(0, 1) = 0.2;
  world.universities.frontier(0, 0) = 1.5;
  world.universities.frontier(0, 1) = 0.7;
  f.university[0] = 0;
  learning_phase(world);
  const double kept = rules::monthly_retention(world.parameters().rd_depreciation);
  const double gain_weak = f.knowledge(0, 1) - 0.2 * kept;
  ASSERT_GT(gain_weak, 0.0);
  EXPECT_NEAR((f.knowledge(0, 0) - 1.0 * kept) / gain_weak, 1.0 / 0.2, 1e-6);
}

}  // namespace
}  // namespace clustersim
