// Diffusion of process technologies (models/innovation.cpp, diffusion_step): with
// imitation alone, one seeded user spreads through a sector along an S-curve (Bass
// 1969 with p = 0): slow start, acceleration, saturation. The external channel alone
// (Bass's p) adopts at a constant hazard, whatever the number of users. Every chance
// scales with the firm's knowledge in the technology's domain relative to its strongest.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <vector>

#include "model_fixtures.hpp"
#include "models/phases.hpp"

namespace clustersim {
namespace {

World diffusion_world(int firms) {
  auto scenario = testing::minimal_scenario();
  scenario.firms[0].count = firms;
  scenario.parameters.adoption_link_rate = 0.0;
  scenario.parameters.adoption_imitation_rate = 0.3;
  scenario.parameters.adoption_external_rate = 0.0;
  World world = build_world(scenario, 0);
  // Equal knowledge in both domains and full absorptive capacity: every chance in full.
  for (int i = 0; i < world.firms.capacity; ++i) {
    world.firms.knowledge.row(i).setConstant(0.5);
    world.firms.absorptive[std::size_t(i)] = 1.0;
  }
  world.firms.adopted[0] = 1;  // firm 0 developed the technology of domain 0
  return world;
}

// Cumulative adoptions after each of `months` diffusion steps.
std::vector<int> diffuse(World& world, int months) {
  std::vector<int> cumulative;
  for (int month = 0; month < months; ++month) {
    world.month = MonthTotals{};
    ++world.step;
    diffusion_step(world);
    cumulative.push_back(int(world.running.adoptions));
  }
  return cumulative;
}

TEST(Diffusion, imitation_alone_traces_an_s_curve) {
  const int firms = 400;
  World world = diffusion_world(firms);
  const std::vector<int> cumulative = diffuse(world, 80);
  // Saturation: nearly every other firm has adopted.
  EXPECT_GE(cumulative.back(), int(0.95 * (firms - 1)));
  // Monthly adoptions peak in the middle, not at the start or the end.
  std::vector<int> monthly(cumulative.size());
  for (std::size_t t = 0; t < cumulative.size(); ++t)
    monthly[t] = cumulative[t] - (t > 0 ? cumulative[t - 1] : 0);
  const auto peak = std::size_t(std::max_element(monthly.begin(), monthly.end()) - monthly.begin());
  EXPECT_GT(peak, 5u);
  EXPECT_LT(peak, monthly.size() - 10);
  // Slow start: the first 10% of the firms take longer than the next 40%... in months per firm.
  auto month_reaching = [&](double share) {
    for (std::size_t t = 0; t < cumulative.size(); ++t)
      if (cumulative[t] >= share * (firms - 1)) return int(t);
    return int(cumulative.size());
  };
  const int t10 = month_reaching(0.1), t50 = month_reaching(0.5), t90 = month_reaching(0.9);
  EXPECT_GT(double(t10) / 0.1, double(t50 - t10) / 0.4);  // slower per firm at the start
  EXPECT_GT(double(t90 - t50) / 0.4, 0.0);
  EXPECT_GT(double(cumulative[std::size_t(t10)]), 0.0);
}

// Without contacts, each non-user adopts with chance external_rate a month, so the share
// of non-users left falls geometrically from the first month (Bass with q = 0): adoptions
// are highest at the start, and the share reached matches 1 - (1 - rate)^months.
TEST(Diffusion, external_channel_adopts_at_a_constant_hazard_without_contacts) {
  const int firms = 400;
  World world = diffusion_world(firms);
  world.scenario.parameters.adoption_imitation_rate = 0.0;
  world.scenario.parameters.adoption_external_rate = 0.02;
  const std::vector<int> cumulative = diffuse(world, 50);
  const double expected = (firms - 1) * (1.0 - std::pow(0.98, 50));
  EXPECT_NEAR(cumulative.back(), expected, 0.08 * (firms - 1));
  EXPECT_GT(cumulative[4], cumulative[49] - cumulative[44]);  // early months adopt the most
}

TEST(Diffusion, external_channel_offers_only_technologies_in_use) {
  World world = diffusion_world(50);
  world.scenario.parameters.adoption_imitation_rate = 0.0;
  world.scenario.parameters.adoption_external_rate = 1.0;
  world.firms.adopted[0] = 0;  // nobody uses anything: nothing to adopt
  diffusion_step(world);
  EXPECT_EQ(world.month.adoptions, 0);
  world.firms.adopted[0] = 2;  // firm 0 uses the technology of domain 1
  diffusion_step(world);
  EXPECT_EQ(world.month.adoptions, 49);
  EXPECT_EQ(world.firms.adopted[17], 2u);
}

TEST(Diffusion, partners_pass_a_technology_through_links) {
  auto scenario = testing::minimal_scenario();
  scenario.parameters.adoption_link_rate = 1.0;
  scenario.parameters.adoption_imitation_rate = 0.0;
  scenario.parameters.adoption_external_rate = 0.0;
  World world = build_world(scenario, 0);
  world.firms.adopted[0] = 2;
  world.firms.absorptive[1] = 1.0;
  world.firms.knowledge.row(1).setConstant(0.5);
  testing::link_firms(world, 0, 1, 1.0);
  diffusion_step(world);
  EXPECT_EQ(world.firms.adopted[1], 2u);
  EXPECT_EQ(world.month.adoptions, 1);
  EXPECT_EQ(world.firms.adopted[2], 0u);  // not linked, no imitation
}

// A firm adopts a technology in proportion to its knowledge in the technology's domain
// relative to its strongest (domain-specific absorptive capacity, Cohen and Levinthal
// 1990): through each channel, firms without knowledge there never adopt it, and firms at
// half strength adopt less often than firms at full strength.
TEST(Diffusion, adoption_scales_with_knowledge_in_the_technology_domain) {
  const int firms = 600, users_from = 300;
  for (const std::string channel : {"external", "imitation", "link"}) {
    SCOPED_TRACE(channel);
    World world = diffusion_world(firms);
    auto& p = world.scenario.parameters;
    p.adoption_external_rate = channel == "external" ? 0.1 : 0.0;
    p.adoption_imitation_rate = channel == "imitation" ? 0.3 : 0.0;
    p.adoption_link_rate = channel == "link" ? 0.2 : 0.0;
    auto& f = world.firms;
    // The upper half uses the technology of domain 0; each firm below (in thirds: full,
    // half and no knowledge in domain 0, domain 1 being its strongest) has one user partner.
    for (int i = users_from; i < firms; ++i) f.adopted[std::size_t(i)] = 1;
    for (int i = 1; i < users_from; ++i) {
      f.knowledge(i, 1) = 0.8;
      f.knowledge(i, 0) = i % 3 == 0 ? 0.8 : i % 3 == 1 ? 0.4 : 0.0;
      if (channel == "link") testing::link_firms(world, i, users_from + i, 1.0);
    }
    (void)diffuse(world, 6);
    std::array<int, 3> adopters{};  // full, half, none
    for (int i = 1; i < users_from; ++i)
      adopters[std::size_t(i % 3)] += int(f.adopted[std::size_t(i)]);
    EXPECT_EQ(adopters[2], 0);
    EXPECT_GT(adopters[1], 5);
    EXPECT_GT(adopters[0], 1.3 * adopters[1]);
  }
}

}  // namespace
}  // namespace clustersim
