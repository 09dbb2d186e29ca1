// Diffusion of process technologies (models/innovation/innovation.cpp, diffusion_step): with
// imitation alone, one seeded user spreads through a sector along an S-curve (Bass
// 1969 with p = 0): slow start, acceleration, saturation. The external channel alone
// (Bass's p) adopts at a constant hazard, whatever the number of users. Every chance
// scales with the firm's knowledge in the technology's domain relative to its strongest.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "models/model_fixtures.hpp"
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

// Whether cumulative adoptions out of `potential` trace an S-curve: they saturate, the
// monthly adoptions peak between 10% and 90% adoption, and both tails are slow, in months
// per firm: the first 10% slower than the next 40% (contacts are few at the start) and
// 90% to 95% slower than 50% to 90% (few non-users are left to convert).
::testing::AssertionResult s_curve(const std::vector<int>& cumulative, int potential) {
  auto months_to = [&](double share) {  // months until `share` of the potential adopted
    for (std::size_t t = 0; t < cumulative.size(); ++t)
      if (cumulative[t] >= share * potential) return int(t) + 1;
    return int(cumulative.size()) + 1;
  };
  const int t10 = months_to(0.1), t50 = months_to(0.5), t90 = months_to(0.9), t95 = months_to(0.95);
  std::ostringstream shape;
  shape << "10%, 50%, 90%, 95% after " << t10 << ", " << t50 << ", " << t90 << ", " << t95 << " of "
        << cumulative.size() << " months";
  if (t95 > int(cumulative.size()))
    return ::testing::AssertionFailure() << "no saturation: " << shape.str();
  std::vector<int> monthly(cumulative.size());
  for (std::size_t t = 0; t < cumulative.size(); ++t)
    monthly[t] = cumulative[t] - (t > 0 ? cumulative[t - 1] : 0);
  const int peak = int(std::max_element(monthly.begin(), monthly.end()) - monthly.begin()) + 1;
  if (peak < t10 || peak > t90)
    return ::testing::AssertionFailure()
           << "monthly adoptions peak in month " << peak << ", outside 10%-90%: " << shape.str();
  if (!(t10 / 0.1 > (t50 - t10) / 0.4))
    return ::testing::AssertionFailure() << "no slow start: " << shape.str();
  if (!((t95 - t90) / 0.05 > (t90 - t50) / 0.4))
    return ::testing::AssertionFailure() << "no slow end: " << shape.str();
  return ::testing::AssertionSuccess() << shape.str();
}

TEST(Diffusion, imitation_alone_traces_an_s_curve) {
  const int firms = 400;
  World world = diffusion_world(firms);
  EXPECT_TRUE(s_curve(diffuse(world, 80), firms - 1));
}

// The S-curve check tells the logistic path from the paths diffusion must not take.
TEST(Diffusion, s_curve_check_rejects_paths_without_both_slow_tails) {
  const int potential = 1000, months = 80;
  auto path = [&](auto share_after) {
    std::vector<int> cumulative;
    for (int t = 1; t <= months; ++t)
      cumulative.push_back(int(std::lround(potential * std::min(1.0, share_after(t)))));
    return cumulative;
  };
  // Logistic (Bass, p = 0): passes.
  EXPECT_TRUE(
      s_curve(path([](int t) { return 1.0 / (1.0 + 999.0 * std::exp(-0.25 * t)); }), potential));
  // Constant hazard (Bass, q = 0): adoptions are highest in the first month.
  EXPECT_FALSE(s_curve(path([](int t) { return 1.0 - std::pow(0.95, t); }), potential));
  // A steady pace: no peak between the tails.
  EXPECT_FALSE(s_curve(path([](int t) { return t / 40.0; }), potential));
  // Growth that never slows until every firm has adopted: no slow end.
  EXPECT_FALSE(s_curve(path([](int t) { return 0.001 * std::exp(0.25 * t); }), potential));
}

// Without contacts, each non-user adopts with chance external_rate a month, so the share
// of non-users left falls geometrically from the first month (Bass with q = 0): adoptions
// are highest at the start, and the share reached matches 1 - (1 - rate)^months.
TEST(Diffusion, external_channel_adopts_at_a_constant_hazard_without_contacts) {
  const int firms = 400;
  World world = diffusion_world(firms);
  world.live.parameters.adoption_imitation_rate = 0.0;
  world.live.parameters.adoption_external_rate = 0.02;
  const std::vector<int> cumulative = diffuse(world, 50);
  const double expected = (firms - 1) * (1.0 - std::pow(0.98, 50));
  EXPECT_NEAR(cumulative.back(), expected, 0.08 * (firms - 1));
  EXPECT_GT(cumulative[4], cumulative[49] - cumulative[44]);  // early months adopt the most
}

TEST(Diffusion, external_channel_offers_only_technologies_in_use) {
  World world = diffusion_world(50);
  world.live.parameters.adoption_imitation_rate = 0.0;
  world.live.parameters.adoption_external_rate = 1.0;
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
    auto& p = world.live.parameters;
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
