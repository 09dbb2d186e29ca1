#pragma once
// Scenarios and steps shared by the tests of the public instruments
// (instruments.cpp and instruments_loans.cpp).
#include <gtest/gtest.h>
#include <string>
#include "models/cluster_model.hpp"
#include "models/finance/money.hpp"
#include "models/metrics.hpp"
#include "models/model_fixtures.hpp"
#include "models/phases.hpp"
#include "models/policy/events.hpp"
#include "sim/simulation.hpp"

namespace clustersim::instruments_testing {

constexpr int kTrl = 5;

inline double stage_grant(const World& world, std::size_t funder = 0) {
  return world.funders.max_share[funder] * world.parameters().stage_cost[kTrl - 1];
}

// Every alive firm gets a TRL-5 project and enough own money for the co-financing.
inline void give_every_firm_a_project(World& world) {
  auto& f = world.firms;
  for (int i = 0; i < f.capacity; ++i) {
    if (!f.alive[std::size_t(i)]) continue;
    testing::give_project(world, i, {0, 1}, kTrl);
    f.rd_budget[std::size_t(i)] = 10.0;
  }
}

inline void next_month(World& world) {
  world.date = world.date.plus(1);
  ++world.step;
  world.month = MonthTotals{};
}

// `clusters` clusters named c0, c1, ... with `per_cluster` ICT firms each, a second
// sector "energy" with `energy_firms` firms in c0, and the funders given as TOML.
inline std::string scenario_text(int clusters, int per_cluster, int energy_firms,
                                 const std::string& funders) {
  std::string text = R"(name = "instruments"
seed = 3
replications = 1
domains = ["software", "electronics"]

[calendar]
start = "2021-01"
end = "2023-12"

[[sectors]]
name = "ict"

[[sectors]]
name = "energy"
)";
  for (int c = 0; c < clusters; ++c) {
    const std::string name = "c" + std::to_string(c);
    text += "\n[[clusters]]\nname = \"" + name + "\"\n";
    text += "\n[[firms]]\nname = \"ict_" + name + "\"\ncluster = \"" + name +
            "\"\nsector = \"ict\"\ncount = " + std::to_string(per_cluster) +
            "\nknowledge = { software = 0.6, electronics = 0.3 }\n";
  }
  if (energy_firms > 0)
    text += "\n[[firms]]\nname = \"energy\"\ncluster = \"c0\"\nsector = \"energy\"\ncount = " +
            std::to_string(energy_firms) + "\nknowledge = { software = 0.6, electronics = 0.3 }\n";
  return text + "\n" + funders;
}

inline World build(const std::string& text) {
  return build_world(load_scenario_text(text, "instruments.toml"), 0);
}

}  // namespace clustersim::instruments_testing
