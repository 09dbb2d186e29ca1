// Diffusion of process technologies (models/innovation.cpp, diffusion_step): with
// imitation alone, one seeded user spreads through a sector along an S-curve (Bass
// 1969 with p = 0): slow start, acceleration, saturation.
#include <gtest/gtest.h>

#include <algorithm>
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
  World world = build_world(scenario, 0);
  world.firms.adopted[0] = 1;  // firm 0 developed the technology of domain 0
  return world;
}

TEST(Diffusion, imitation_alone_traces_an_s_curve) {
  const int firms = 400;
  World world = diffusion_world(firms);
  std::vector<int> cumulative;
  for (int month = 0; month < 80; ++month) {
    world.month = MonthTotals{};
    ++world.step;
    diffusion_step(world);
    cumulative.push_back(int(world.running.adoptions));
  }
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

TEST(Diffusion, partners_pass_a_technology_through_links) {
  auto scenario = testing::minimal_scenario();
  scenario.parameters.adoption_link_rate = 1.0;
  scenario.parameters.adoption_imitation_rate = 0.0;
  World world = build_world(scenario, 0);
  world.firms.adopted[0] = 2;
  world.firms.absorptive[1] = 1.0;
  testing::link_firms(world, 0, 1, 1.0);
  diffusion_step(world);
  EXPECT_EQ(world.firms.adopted[1], 2u);
  EXPECT_EQ(world.month.adoptions, 1);
  EXPECT_EQ(world.firms.adopted[2], 0u);  // not linked, no imitation
}

}  // namespace
}  // namespace clustersim
