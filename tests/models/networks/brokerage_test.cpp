#include "models/networks/brokerage.hpp"

#include <gtest/gtest.h>

#include "models/model_fixtures.hpp"
#include "models/phases.hpp"

namespace clustersim {
namespace {

// Two clusters: "city" (firms 0-29, a university researching both domains) and "far"
// (firms 30-49); no competence center, so only the university brokers.
Scenario two_cluster_scenario() {
  std::string text = testing::minimal_scenario_toml();
  const auto cc = text.find("[[centers]]");
  text.erase(cc, text.find("[[funders]]") - cc);
  text += R"(
[[clusters]]
name = "far"
latitude = 56.0
longitude = 93.0

[[firms]]
name = "far_smes"
cluster = "far"
sector = "ict"
count = 20
knowledge = { software = 0.6, electronics = 0.3 }
)";
  auto scenario = load_scenario_text(text, "two_clusters.toml");
  scenario.parameters.university_brokerage_rate = 1.0;
  return scenario;
}

// Firm 0 is a contract client of university 0 with a project in both domains and is
// weak in electronics (1); firms of `strong_cluster` are strong in it, the rest as weak.
World world_with_client(const Scenario& scenario, int strong_cluster) {
  World world = build_world(scenario, 0);
  auto& f = world.firms;
  testing::give_project(world, 0, {0, 1});
  f.university[0] = 0;
  for (int i = 0; i < f.capacity; ++i) {
    if (!f.alive[std::size_t(i)]) continue;
    f.competence(i, 0) = 0.5;
    f.competence(i, 1) = f.cluster[std::size_t(i)] == strong_cluster ? 0.9 : 0.1;
  }
  f.competence(0, 1) = 0.1;
  world.universities.frontier.row(0).setConstant(0.5);
  return world;
}

int cluster_of(const World& world, int firm) {
  return world.firms.cluster[std::size_t(firm)];
}

TEST(UniversityBrokerage, introduces_a_client_to_a_firm_stronger_in_its_weakest_domain) {
  const Scenario scenario = two_cluster_scenario();
  World world = world_with_client(scenario, 0);
  broker_introductions(world);
  const int j = world.firms.introduction[0];
  ASSERT_NE(j, kNoAgent);
  EXPECT_GT(world.firms.competence(j, 1), world.firms.competence(0, 1));
  EXPECT_EQ(world.month.university_introductions, 1);
  EXPECT_EQ(world.month.introductions, 1);
}

TEST(UniversityBrokerage, only_in_domains_the_university_researches_and_not_at_rate_zero) {
  const Scenario scenario = two_cluster_scenario();
  World world = world_with_client(scenario, 0);
  world.universities.frontier(0, 1) = 0;  // no electronics research: domain 0 is the
  broker_introductions(world);            // only one covered, and nobody beats firm 0 there
  EXPECT_EQ(world.firms.introduction[0], kNoAgent);

  Scenario off = scenario;
  off.parameters.university_brokerage_rate = 0;
  World quiet = world_with_client(off, 0);
  broker_introductions(quiet);
  EXPECT_EQ(quiet.firms.introduction[0], kNoAgent);
  EXPECT_EQ(quiet.month.university_introductions, 0);
}

// Only the far cluster has the competence: a university reaches it through its national
// network (cross-cluster samples), which a purely local broker could not. Every firm of
// the university's cluster is a client here, so the count does not hang on one draw.
struct Introductions {
  int far = 0, local = 0;
};

Introductions introductions_of_all_clients(Scenario scenario, double cross_share) {
  scenario.parameters.university_broker_cross_cluster_share = cross_share;
  World world = world_with_client(scenario, 1);
  for (int i = 1; i < 30; ++i) {
    testing::give_project(world, i, {0, 1});
    world.firms.university[std::size_t(i)] = 0;
  }
  broker_introductions(world);
  Introductions count;
  for (int i = 0; i < 30; ++i) {
    const int j = world.firms.introduction[std::size_t(i)];
    if (j != kNoAgent) ++(cluster_of(world, j) == 1 ? count.far : count.local);
  }
  return count;
}

TEST(UniversityBrokerage, reaches_firms_in_another_cluster) {
  const Scenario scenario = two_cluster_scenario();
  const double share = scenario.parameters.university_broker_cross_cluster_share;
  const Introductions national = introductions_of_all_clients(scenario, share);
  EXPECT_GE(national.far, 15);  // 30 clients, each with about 1 - 0.8^8 = 0.83 chance
  EXPECT_EQ(national.local, 0);
  const Introductions local = introductions_of_all_clients(scenario, 0.0);
  EXPECT_EQ(local.far + local.local, 0);
}

}  // namespace
}  // namespace clustersim
