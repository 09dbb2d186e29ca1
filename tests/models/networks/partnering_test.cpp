#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <utility>

#include "models/cluster_model.hpp"
#include "models/model_fixtures.hpp"
#include "models/networks/partnering_rules.hpp"
#include "models/phases.hpp"

namespace clustersim {
namespace {

// A world where no new links form (the threshold is out of reach), so only the
// trust dynamics of existing links are at work.
World quiet_world() {
  auto scenario = testing::minimal_scenario();
  scenario.parameters.partner_threshold = 1e9;
  World world = build_world(scenario, 0);
  std::fill(world.firms.stage_passed.begin(), world.firms.stage_passed.end(), 0);
  return world;
}

TEST(Trust, decays_by_the_monthly_factor_without_joint_success) {
  World world = quiet_world();
  testing::link_firms(world, 0, 1, 0.8);
  const double decay = world.parameters().trust_decay;
  double expected = 0.8;
  for (int month = 0; month < 10; ++month) {
    partnering_phase(world);
    expected *= decay;
    EXPECT_NEAR(testing::trust_between(world, 0, 1), expected, 1e-12);
    EXPECT_NEAR(testing::trust_between(world, 1, 0), expected, 1e-12);
  }
}

// Embeddedness: the monthly loss of trust is divided by 1 + embeddedness x shared partners.
TEST(Trust, embedded_decay_divides_the_monthly_loss_by_shared_partners) {
  EXPECT_DOUBLE_EQ(rules::embedded_decay(0.98, 1.0, 0), 0.98);
  EXPECT_DOUBLE_EQ(rules::embedded_decay(0.98, 1.0, 1), 0.99);
  EXPECT_DOUBLE_EQ(rules::embedded_decay(0.98, 2.0, 2), 1.0 - 0.02 / 5);
  EXPECT_DOUBLE_EQ(rules::embedded_decay(0.98, 0.0, 7), 0.98);  // off
}

// A link inside a triangle (firms 0, 1, 2: one shared partner) keeps more trust than a
// lone pair (3, 4); both ends of each link agree.
TEST(Trust, links_with_a_shared_partner_decay_slower) {
  World world = quiet_world();
  world.live.parameters.partner_embeddedness = 1.0;
  for (auto [a, b] : {std::pair{0, 1}, {1, 2}, {0, 2}, {3, 4}})
    testing::link_firms(world, a, b, 0.8);
  partnering_phase(world);
  const double decay = world.parameters().trust_decay;
  EXPECT_NEAR(testing::trust_between(world, 3, 4), 0.8 * decay, 1e-12);
  EXPECT_NEAR(testing::trust_between(world, 0, 1), 0.8 * (1 - (1 - decay) / 2), 1e-12);
  EXPECT_NEAR(testing::trust_between(world, 1, 0), testing::trust_between(world, 0, 1), 1e-15);
  EXPECT_NEAR(testing::trust_between(world, 2, 1), testing::trust_between(world, 0, 1), 1e-15);
}

// Each link of a four-clique (firms 0-3) shares two partners; firm 4, linked to 0 and 1
// but gone, is not counted, nor are the free slots its links leave.
TEST(Trust, shared_partners_count_live_common_partners_only) {
  World world = quiet_world();
  world.live.parameters.partner_embeddedness = 1.0;
  testing::link_firms(world, 0, 4, 0.8);
  for (auto [a, b] : {std::pair{0, 1}, {0, 2}, {0, 3}, {1, 2}, {1, 3}, {2, 3}})
    testing::link_firms(world, a, b, 0.8);
  testing::link_firms(world, 1, 4, 0.8);
  world.firms.alive[4] = 0;
  partnering_phase(world);
  const double decay = world.parameters().trust_decay;
  for (auto [a, b] : {std::pair{0, 1}, {0, 3}, {1, 2}, {2, 3}}) {
    EXPECT_NEAR(testing::trust_between(world, a, b), 0.8 * (1 - (1 - decay) / 3), 1e-12);
    EXPECT_NEAR(testing::trust_between(world, b, a), 0.8 * (1 - (1 - decay) / 3), 1e-12);
  }
}

TEST(Trust, link_dissolves_once_trust_falls_below_the_threshold) {
  World world = quiet_world();
  world.live.parameters.trust_decay = 0.5;
  world.live.parameters.trust_dissolve = 0.1;
  testing::link_firms(world, 0, 1, 0.5);
  partnering_phase(world);  // 0.25
  partnering_phase(world);  // 0.125
  EXPECT_NEAR(testing::trust_between(world, 0, 1), 0.125, 1e-12);
  partnering_phase(world);  // 0.0625 < 0.1: dissolved on both sides
  EXPECT_LT(testing::trust_between(world, 0, 1), 0.0);
  EXPECT_LT(testing::trust_between(world, 1, 0), 0.0);
  EXPECT_EQ(world.month.links_dissolved, 1);
  EXPECT_EQ(testing::partner_count(world, 0), 0);
}

// Joint success is a stage passed in a project the partner took part in (it adds
// knowledge or competence to a required domain): trust rises on both sides.
TEST(Trust, joint_success_raises_trust_on_both_sides) {
  World world = quiet_world();
  testing::link_firms(world, 0, 1, 0.4);
  testing::link_firms(world, 2, 3, 0.4);
  testing::give_project(world, 1, {0, 1});
  world.firms.knowledge(0, 0) = 10.0;  // firm 0 adds knowledge to firm 1's project
  world.firms.stage_passed[1] = 1;     // firm 1 passed a stage: success of the consortium
  partnering_phase(world);
  const double gain = world.parameters().trust_gain;
  EXPECT_NEAR(testing::trust_between(world, 0, 1), 0.4 + gain * 0.6, 1e-12);
  EXPECT_NEAR(testing::trust_between(world, 1, 0), 0.4 + gain * 0.6, 1e-12);
  EXPECT_GT(testing::trust_between(world, 0, 1), testing::trust_between(world, 2, 3));
  EXPECT_LE(testing::trust_between(world, 0, 1), 1.0);
}

// A partner that adds nothing to the project that succeeded gets no credit: trust
// only decays (the old rule counted any success of either side).
TEST(Trust, success_without_the_partners_contribution_does_not_raise_trust) {
  World world = quiet_world();
  testing::link_firms(world, 0, 1, 0.4);
  testing::give_project(world, 1, {0, 1});
  auto& f = world.firms;
  f.knowledge.row(0).setZero();
  f.competence.row(0).setZero();
  f.stage_passed[1] = 1;
  partnering_phase(world);
  EXPECT_NEAR(testing::trust_between(world, 0, 1), 0.4 * world.parameters().trust_decay, 1e-12);
}

// A failed joint project cuts the trust of the consortium's links (failing consortia dissolve).
TEST(Trust, failed_joint_project_cuts_trust) {
  World world = quiet_world();
  testing::link_firms(world, 0, 1, 0.4);
  testing::give_project(world, 1, {0, 1});
  world.firms.knowledge(0, 0) = 10.0;
  world.firms.project_event[1] = ProjectEvent::failed;
  partnering_phase(world);
  const auto& p = world.parameters();
  EXPECT_NEAR(testing::trust_between(world, 0, 1), 0.4 * p.trust_decay * p.consortium_failure_trust,
              1e-12);
  EXPECT_NEAR(testing::trust_between(world, 1, 0), testing::trust_between(world, 0, 1), 0);
}

// Over a long run of the whole model every link is mutual with equal trust, no firm
// links to itself or twice to one partner, and no firm exceeds max_partners.
TEST(Partnering, links_stay_symmetric_and_within_max_partners_over_many_months) {
  auto scenario = load_scenario_file(testing::source_path("scenarios/tutorial.toml"));
  scenario.parameters.partner_max = 3;
  const auto model = cluster_model(scenario);
  World world = model.build(0);
  int links_seen = 0;
  for (int month = 0; month < 60; ++month) {
    step_month(model, world);
    const auto& f = world.firms;
    for (int i = 0; i < f.capacity; ++i) {
      if (!f.alive[std::size_t(i)]) {
        EXPECT_EQ(testing::partner_count(world, i), 0) << "dead firm " << i;
        continue;
      }
      EXPECT_LE(testing::partner_count(world, i), 3) << "firm " << i << " month " << month;
      for (int s = 0; s < f.link_capacity(i); ++s) {
        const int j = f.partners_of(i)[s];
        if (j == kNoAgent) continue;
        ++links_seen;
        ASSERT_NE(j, i);
        ASSERT_TRUE(f.alive[std::size_t(j)]) << i << " links to dead " << j;
        const double back = testing::trust_between(world, j, i);
        ASSERT_GE(back, 0.0) << i << " lists " << j << " but not the reverse, month " << month;
        EXPECT_DOUBLE_EQ(back, f.trust_of(i)[s]);
        for (int t = s + 1; t < f.link_capacity(i); ++t) EXPECT_NE(f.partners_of(i)[t], j);
      }
    }
  }
  EXPECT_GT(links_seen, 0);  // the test saw a network, not an empty one
}

// Degrees of the alive firms: coefficient of variation (sd / mean).
double degree_cv(const World& world) {
  double sum = 0, sum2 = 0, n = 0;
  for (int i = 0; i < world.firms.capacity; ++i) {
    if (!world.firms.alive[std::size_t(i)]) continue;
    const double d = testing::partner_count(world, i);
    sum += d;
    sum2 += d * d;
    n += 1;
  }
  const double mean = sum / n;
  return mean > 0 ? std::sqrt(std::max(0.0, sum2 / n - mean * mean)) / mean : 0.0;
}

// A hub (firm 0, linked to firms 1..10) in a cluster of 30 firms; the others have no
// partners. No random candidates, no introductions, any candidate is attractive enough.
World hub_world(int network_candidates) {
  auto scenario = testing::minimal_scenario();
  scenario.parameters.partner_max = 16;
  scenario.parameters.partner_random_candidates = 0;
  scenario.parameters.partner_network_candidates = network_candidates;
  scenario.parameters.partner_threshold = 0.0;
  World world = build_world(scenario, 0);
  std::fill(world.centers.active.begin(), world.centers.active.end(), 0);
  for (int j = 1; j <= 10; ++j) testing::link_firms(world, 0, j, 0.8);
  return world;
}

// Partners of random firms lead to the well-connected: a firm without partners meets
// the hub through the hub's links (a random firm is likely one of its partners), so
// the hub gains links; without network candidates such a firm meets nobody.
TEST(Partnering, partners_of_random_firms_lead_firms_without_partners_to_the_hub) {
  World off = hub_world(0);
  partnering_phase(off);
  EXPECT_EQ(testing::partner_count(off, 0), 10);
  for (int i = 11; i < 30; ++i) EXPECT_EQ(testing::partner_count(off, i), 0) << i;
  World on = hub_world(3);
  partnering_phase(on);
  EXPECT_GT(testing::partner_count(on, 0), 10);
}

// Over years of the whole model, meeting partners of random firms (preferential
// attachment) makes degrees more unequal than meeting random firms only (same seed).
// Tomsk: a sparse network (mean degree about 2 with the relational capacity), where the
// cap binds for few firms.
TEST(Partnering, network_candidates_make_degrees_more_unequal) {
  auto run = [](int network_candidates) {
    auto scenario = load_scenario_file(testing::source_path("scenarios/tomsk.toml"));
    scenario.parameters.partner_network_candidates = network_candidates;
    const auto model = cluster_model(scenario);
    double cv = 0;
    for (std::uint32_t replication = 0; replication < 2; ++replication) {
      World world = model.build(replication);
      for (int month = 0; month < 60; ++month) step_month(model, world);
      cv += degree_cv(world) / 2;
    }
    return cv;
  };
  const double with_links = run(6), without = run(0);
  EXPECT_GT(with_links, without);
}

// Relational capacity: `capacity` links at the reference size, growing as size^elasticity;
// capacity 0 switches the rule off.
TEST(RelationalCapacity, grows_with_firm_size_and_is_off_at_zero) {
  EXPECT_DOUBLE_EQ(rules::relational_capacity(50, 3, 50, 0.5), 3.0);
  EXPECT_DOUBLE_EQ(rules::relational_capacity(200, 3, 50, 0.5), 6.0);
  EXPECT_DOUBLE_EQ(rules::relational_capacity(5000, 3, 50, 0.5), 30.0);
  EXPECT_DOUBLE_EQ(rules::relational_capacity(5000, 3, 50, 0.0), 3.0);
  EXPECT_DOUBLE_EQ(rules::relational_capacity(5000, 0, 50, 0.5), 0.0);
}

// Up to the capacity a firm needs the plain threshold; above it, threshold x (k + 1) / C.
TEST(RelationalCapacity, threshold_rises_with_links_beyond_the_capacity) {
  EXPECT_DOUBLE_EQ(rules::link_threshold(0.6, 0, 3.0), 0.6);
  EXPECT_DOUBLE_EQ(rules::link_threshold(0.6, 2, 3.0), 0.6);
  EXPECT_DOUBLE_EQ(rules::link_threshold(0.6, 5, 3.0), 1.2);
  EXPECT_DOUBLE_EQ(rules::link_threshold(0.6, 29, 3.0), 6.0);
  EXPECT_DOUBLE_EQ(rules::link_threshold(0.6, 29, 0.0), 0.6);  // off
}

// The hub world with a binding threshold (0.3: any candidate of the cluster passes it at
// first) and a relational capacity of one link at 50 employees, the hub's size.
World capacity_world(double capacity, double hub_employees) {
  World world = hub_world(3);
  world.live.parameters.partner_threshold = 0.3;
  world.live.parameters.relational_capacity = capacity;
  world.live.parameters.capacity_reference_employees = 50;
  world.live.parameters.capacity_size_elasticity = 0.5;
  for (int i = 0; i < world.firms.capacity; ++i) world.firms.employees[std::size_t(i)] = 50;
  world.firms.employees[0] = hub_employees;
  return world;
}

// A small hub far above its capacity turns down the firms that meet it through its
// links; without the capacity rule it takes them, and so does a hub large enough to tend
// them (121 x 50 employees: capacity 11).
TEST(RelationalCapacity, a_small_firm_above_its_capacity_takes_no_more_partners) {
  World small = capacity_world(1.0, 50);
  partnering_phase(small);
  EXPECT_EQ(testing::partner_count(small, 0), 10);
  World off = capacity_world(0.0, 50);
  partnering_phase(off);
  EXPECT_GT(testing::partner_count(off, 0), 10);
  World large = capacity_world(1.0, 50 * 121);
  partnering_phase(large);
  EXPECT_GT(testing::partner_count(large, 0), 10);
}

// Over years of the whole model, in a small cluster whose firms otherwise court each
// other until the cap (nuclear_cluster), the capacity holds mean degree down and makes
// degrees follow firm size, so they are more unequal (same seed).
TEST(RelationalCapacity, keeps_degrees_of_a_small_dense_cluster_low_and_unequal) {
  auto run = [](double capacity) {
    auto scenario = load_scenario_file(testing::source_path("scenarios/nuclear_cluster.toml"));
    scenario.parameters.relational_capacity = capacity;
    const auto model = cluster_model(scenario);
    World world = model.build(0);
    for (int month = 0; month < 36; ++month) step_month(model, world);
    double links = 0, firms = 0;
    for (int i = 0; i < world.firms.capacity; ++i) {
      if (!world.firms.alive[std::size_t(i)]) continue;
      links += testing::partner_count(world, i);
      firms += 1;
    }
    return std::pair{links / firms, degree_cv(world)};
  };
  const auto [mean_on, cv_on] = run(3.0);
  const auto [mean_off, cv_off] = run(0.0);
  EXPECT_LT(mean_on, 0.5 * mean_off);
  EXPECT_GT(cv_on, 1.5 * cv_off);
}

}  // namespace
}  // namespace clustersim
