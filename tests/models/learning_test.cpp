#include <gtest/gtest.h>

#include "model_fixtures.hpp"
#include "models/phases.hpp"

namespace clustersim {
namespace {

constexpr double kCapacity = 50.0;  // person-months per month

// A world where every firm has a project needing both domains and lacks competence
// in them; turnover is off so only training moves competence.
World training_world(const std::string& kind, double capacity = kCapacity,
                     std::initializer_list<int> required = {0, 1}) {
  auto scenario = testing::minimal_scenario();
  scenario.centers[0].kind = kind;
  scenario.centers[0].training_capacity = capacity;
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

}  // namespace
}  // namespace clustersim
