#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <vector>

#include "models/cluster_model.hpp"
#include "models/knowledge/knowledge_rules.hpp"
#include "models/model_fixtures.hpp"
#include "models/networks/brokerage.hpp"
#include "models/networks/partner_search.hpp"
#include "models/networks/partnering_rules.hpp"
#include "models/phases.hpp"

namespace clustersim {
namespace {

// Centrality k / (k + half): none for an isolate, a half at half_degree, near 1 for hubs.
TEST(Centrality, is_half_at_half_degree_and_saturates_for_hubs) {
  EXPECT_DOUBLE_EQ(rules::centrality(0, 3.0), 0.0);
  EXPECT_DOUBLE_EQ(rules::centrality(3, 3.0), 0.5);
  EXPECT_DOUBLE_EQ(rules::centrality(30, 3.0), 30.0 / 33.0);
  // The step from 1 to 2 links counts more than the step from 20 to 21.
  EXPECT_GT(rules::centrality(2, 3.0) - rules::centrality(1, 3.0),
            5 * (rules::centrality(21, 3.0) - rules::centrality(20, 3.0)));
}

World nuclear_world(double cross_cluster_share) {
  auto scenario = load_scenario_file(testing::source_path("scenarios/nuclear_cluster.toml"));
  scenario.parameters.partner_cross_cluster_share = cross_cluster_share;
  return cluster_model(scenario).build(0);
}

// Share of 40,000 search draws of firm i that land in each cluster.
std::array<double, 3> draw_shares(const World& world, int i) {
  auto rng = world.streams()(AgentKind::firm, std::uint32_t(i), Purpose::partner_search);
  std::array<double, 3> shares{};
  const int draws = 40000;
  for (int r = 0; r < draws; ++r)
    shares[std::size_t(world.firms.cluster[std::size_t(pool_member(world, i, rng))])] +=
        1.0 / draws;
  return shares;
}

// Gravity search (nuclear_cluster: Sarov, Dimitrovgrad about 400 km away, Zheleznogorsk
// about 2,900 km away): a Sarov firm meets each town's firms in proportion to their number
// times the Keller decay of the distance, not in proportion to their number alone; with a
// cross-cluster share of 0 it searches only at home.
TEST(PartnerSearch, draws_clusters_by_members_times_the_decay_of_distance) {
  const World world = nuclear_world(1.0);
  const auto& e = world.environment;
  const int sarov = 0;
  const int firm = e.members[std::size_t(e.member_offsets[sarov])];
  ASSERT_EQ(world.firms.cluster[std::size_t(firm)], sarov);
  std::array<double, 3> expected{};
  double total = 0;
  for (int c = 0; c < 3; ++c) {
    const double members = e.member_offsets[std::size_t(c) + 1] - e.member_offsets[std::size_t(c)];
    expected[std::size_t(c)] =
        members * rules::geographic_decay(world.distance_km(sarov, c),
                                          world.parameters().transfer_half_distance_km);
    total += expected[std::size_t(c)];
  }
  const auto shares = draw_shares(world, firm);
  for (int c = 0; c < 3; ++c)
    EXPECT_NEAR(shares[std::size_t(c)], expected[std::size_t(c)] / total, 0.01) << "cluster " << c;
  // Far Zheleznogorsk is met less often than its share of firms.
  const double zheleznogorsk_firms =
      double(e.member_offsets[3] - e.member_offsets[2]) / double(e.member_offsets.back());
  EXPECT_LT(shares[2], 0.6 * zheleznogorsk_firms);

  const auto home = draw_shares(nuclear_world(0.0), firm);
  EXPECT_NEAR(home[0], 1.0, 1e-9);
}

// Distance discounts the knowledge fit, not trust: between firms 2,900 km apart a trust
// hint adds its full weight (when distance discounted the whole score, it added 0.5 x the
// decay), and the fit alone is the value without distance times the decay.
TEST(PartnerSearch, distance_discounts_the_knowledge_fit_but_not_trust) {
  auto scenario = load_scenario_file(testing::source_path("scenarios/nuclear_cluster.toml"));
  scenario.parameters.partner_weight_success = 0;
  scenario.parameters.partner_weight_centrality = 0;
  scenario.parameters.partner_weight_trust = 1;
  World world = cluster_model(scenario).build(0);
  const auto& e = world.environment;
  const int sarov_firm = e.members[std::size_t(e.member_offsets[0])];
  const int far_firm = e.members[std::size_t(e.member_offsets[2])];
  const double km = world.distance_km(0, 2);
  ASSERT_GT(km, 2000);
  const double fit_far = attractiveness(world, sarov_firm, far_firm, 0.0);
  EXPECT_NEAR(attractiveness(world, sarov_firm, far_firm, 0.5) - fit_far, 0.5, 1e-12);
  world.live.parameters.partner_weight_proximity = 0;  // distance ignored
  refresh_gravity_weights(world);
  const double fit_near = attractiveness(world, sarov_firm, far_firm, 0.0);
  EXPECT_NEAR(fit_far,
              fit_near * rules::geographic_decay(km, world.parameters().transfer_half_distance_km),
              1e-12);
  EXPECT_LT(fit_far, 0.5 * fit_near);
}

// A world of the minimal scenario (with `overrides`) where only trust counts: weights of
// fit, success and centrality 0, threshold 0.6, no relational capacity, no random or
// network candidates, no centers, and no stage passed.
World trust_only_world(int max_partners, const std::vector<std::string>& overrides = {}) {
  auto scenario = load_scenario_text(testing::minimal_scenario_toml(), "minimal.toml", overrides);
  auto& p = scenario.parameters;
  p.partner_max = max_partners;
  p.partner_random_candidates = 0;
  p.partner_network_candidates = 0;
  p.partner_threshold = 0.6;
  p.relational_capacity = 0;
  p.partner_weight_complementarity = 0;
  p.partner_weight_success = 0;
  p.partner_weight_centrality = 0;
  p.partner_weight_trust = 1;
  World world = build_world(scenario, 0);
  std::fill(world.centers.active.begin(), world.centers.active.end(), 0);
  std::fill(world.firms.stage_passed.begin(), world.firms.stage_passed.end(), 0);
  return world;
}

// Firm 0 is linked to firms 1 and 2; firm 3 is a partner of both, firm 4 of firm 1 only.
// Only trust counts, so firm 0 links to firm 3, vouched for by two shared partners, and
// not to firm 4, vouched for by one (0.5 x 0.8 trust).
World referral_world() {
  World world = trust_only_world(16);
  for (auto [a, b] : {std::pair{0, 1}, {0, 2}, {3, 1}, {3, 2}, {4, 1}})
    testing::link_firms(world, a, b, 0.8);
  return world;
}

TEST(PartnerSearch, a_partner_of_several_partners_is_trusted_more_than_one_of_one) {
  World world = referral_world();
  partnering_phase(world);
  EXPECT_TRUE(linked(world.firms, 0, 3));
  EXPECT_FALSE(linked(world.firms, 0, 4));
  // The new link starts with at most half trust, however many partners vouched (0.78 here).
  EXPECT_DOUBLE_EQ(testing::trust_between(world, 0, 3), 0.5);
}

// The same with a hub: firm 0 holds 70 links, so its partners 65 and 66 sit in slots 64
// and 65, past the first 64-bit word of the referral marks; firm 0 trusts its first 64
// partners less (0.3), so marks or sums that land in the first word give a lower trust.
// Firm 80 is a partner of both 65 and 66 and is linked to; firm 81, a partner of firm 66
// only, is not. Firm 80 trusts its partners little (0.3 on its side), so it does not
// propose to firm 0 itself: the link comes from firm 0's own referral trust (lookups with
// shared entries are tested in own_partners_test.cpp).
TEST(PartnerSearch, a_hub_counts_the_referrals_of_partners_in_its_highest_slots) {
  World world = trust_only_world(128, {"firms.0.count=90"});
  for (int k = 1; k <= 70; ++k) testing::link_firms(world, 0, k, k <= 64 ? 0.3 : 0.8);
  for (auto [a, b] : {std::pair{80, 65}, {80, 66}, {81, 66}}) testing::link_firms(world, a, b, 0.8);
  auto& f = world.firms;
  for (int s = 0; s < f.slot_end(80); ++s) f.trust_of(80)[s] = 0.3;
  partnering_phase(world);
  EXPECT_TRUE(linked(f, 0, 80));
  EXPECT_FALSE(linked(f, 0, 81));
}

}  // namespace
}  // namespace clustersim
