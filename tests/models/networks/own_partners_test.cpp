#include "models/networks/own_partners.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "models/model_fixtures.hpp"

namespace clustersim {
namespace {

// Firm 0 holds 128 partners (every slot, the schema's most) drawn across 399 firms, with
// every fifth slot freed again: ids spread so widely share many of the 256 entries
// (consecutive ids would not: Fibonacci hashing spreads them evenly), so lookups go through
// unique entries, shared entries and empty ones. Every partner is found at its slot, and no
// other firm is.
TEST(OwnPartners, finds_every_partner_at_its_slot_and_no_one_else) {
  auto scenario =
      load_scenario_text(testing::minimal_scenario_toml(), "minimal.toml",
                         {"firms.0.count=400", "parameters.partnering.max_partners=128"});
  World world = build_world(scenario, 0);
  auto& f = world.firms;
  for (int k = 1; k <= 128; ++k) testing::link_firms(world, 0, 1 + (k * 97) % 399, 0.5);
  for (int s = 0; s < 128; s += 5) f.partners_of(0)[s] = kNoAgent;
  const OwnPartners own(f, 0);
  int partners = 0;
  for (int j = 0; j < f.capacity; ++j) {
    const int* slots = f.partners_of(0);
    const int* at = std::find(slots, slots + f.slot_end(0), j);
    const int expected = at == slots + f.slot_end(0) ? -1 : int(at - slots);
    EXPECT_EQ(own.slot_of(j), expected) << "firm " << j;
    partners += expected >= 0;
  }
  EXPECT_EQ(partners, 128 - 26);
}

}  // namespace
}  // namespace clustersim
