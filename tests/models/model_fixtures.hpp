#pragma once
// Small helpers for the model tests: a built world from the minimal scenario and
// direct set-up of projects and links.
#include <initializer_list>

#include "models/demography/population.hpp"
#include "models/scenario/scenario_loader.hpp"
#include "support/test_support.hpp"

namespace clustersim::testing {

inline Scenario minimal_scenario() {
  return load_scenario_text(minimal_scenario_toml(), "minimal.toml");
}

// Gives `firm` a project at `trl` whose required domains are `domains`.
inline void give_project(World& world, int firm, std::initializer_list<int> domains, int trl = 1) {
  auto& f = world.firms;
  const auto n = std::size_t(firm);
  auto* required = f.project_domains.data() + n * kMaxRequiredDomains;
  std::fill_n(required, kMaxRequiredDomains, std::int16_t{-1});
  int r = 0;
  for (int d : domains) required[r++] = static_cast<std::int16_t>(d);
  f.project_trl[n] = static_cast<std::int8_t>(trl);
  f.project_type[n] = ProjectType::product;
  f.project_progress[n] = 0;
  f.project_stall[n] = 0;
}

// Links i and j in their first free slots with the given trust on both sides.
inline void link_firms(World& world, int i, int j, double trust) {
  auto& f = world.firms;
  auto put = [&](int a, int b) {
    for (int s = 0; s < f.partner_slots; ++s) {
      if (s < f.link_capacity(a) && f.partners_of(a)[s] != kNoAgent) continue;
      f.reserve_links(a, s + 1);
      f.partners_of(a)[s] = b;
      f.trust_of(a)[s] = trust;
      f.note_link_slot(a, s);
      return;
    }
  };
  put(i, j);
  put(j, i);
}

// Trust i holds in j, or -1 when they are not linked.
inline double trust_between(const World& world, int i, int j) {
  const auto& f = world.firms;
  for (int s = 0; s < f.link_capacity(i); ++s)
    if (f.partners_of(i)[s] == j) return f.trust_of(i)[s];
  return -1;
}

inline int partner_count(const World& world, int i) {
  int count = 0;
  for (int s = 0; s < world.firms.link_capacity(i); ++s)
    count += world.firms.partners_of(i)[s] != kNoAgent;
  return count;
}

}  // namespace clustersim::testing
