#include "models/networks/own_partners.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "models/model_fixtures.hpp"

namespace clustersim {
namespace {

// Firm 0 holds kMaxPartnerSlots partners whose ids spread over 200,000, with every fifth
// slot freed again; the table is asked about every id up to 200,010. The 102 ids left
// share some of the 256 entries with each other (20 entries hold 40 of them under today's
// hash, and any hash would share some), and thousands of the other ids land in shared
// entries, so lookups go through unique, shared and empty entries. Every partner is found at
// its slot, and no other id is. Only firm 0's own slots are read, so its partners need not
// exist.
TEST(OwnPartners, finds_every_partner_at_its_slot_and_no_one_else) {
  auto scenario = load_scenario_text(testing::minimal_scenario_toml(), "minimal.toml",
                                     {"parameters.partnering.max_partners=128"});
  World world = build_world(scenario, 0);
  auto& f = world.firms;
  ASSERT_EQ(f.partner_slots, kMaxPartnerSlots);
  f.reserve_links(0, kMaxPartnerSlots);
  for (int s = 0; s < kMaxPartnerSlots; ++s) {
    f.partners_of(0)[s] = s % 5 == 0 ? kNoAgent : 1 + (s * 7919) % 200003;
    f.note_link_slot(0, s);
  }
  const OwnPartners own(f, 0);
  const int* slots = f.partners_of(0);
  const int* end = slots + f.slot_end(0);
  int found = 0;
  for (int j = 0; j <= 200010; ++j) {
    const int* at = std::find(slots, end, j);
    const int expected = at == end ? -1 : int(at - slots);
    ASSERT_EQ(own.slot_of(j), expected) << "id " << j;
    found += expected >= 0;
  }
  EXPECT_EQ(found, kMaxPartnerSlots - 26);
}

}  // namespace
}  // namespace clustersim
