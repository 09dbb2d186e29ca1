#pragma once
// A proposer's own partners, for the membership and slot lookups of partnering's proposal
// loop (models/networks/partnering.cpp). Built on the stack per proposer; allocates nothing.
#include <array>
#include <cstdint>

#include "models/state.hpp"

namespace clustersim {

// Firm i's own links as partnering's proposal loop asks about them, many times per
// proposer: a table of 256 bytes indexed by a hash of the partner's id holds its slot + 1
// (0: no partner hashes there; kShared: several do, so scan the slots). A miss is one load
// of the table, a hit one more of the slot it names; an open-addressing table cost more to
// build than it saved at Tomsk's degrees. Slots are at most kMaxPartnerSlots.
class OwnPartners {
 public:
  OwnPartners(const FirmState& f, int i) : slots_(f.partners_of(i)), end_(f.slot_end(i)) {
    for (int s = 0; s < end_; ++s) {
      if (slots_[s] == kNoAgent) continue;
      auto& entry = table_[hash(slots_[s])];
      entry = entry == 0 ? static_cast<std::uint8_t>(s + 1) : kShared;
    }
  }
  // The slot holding firm j (not kNoAgent), or -1.
  int slot_of(int j) const {
    const std::uint8_t entry = table_[hash(j)];
    if (entry == 0) return -1;
    if (entry != kShared) return slots_[entry - 1] == j ? entry - 1 : -1;
    for (int s = 0; s < end_; ++s)
      if (slots_[s] == j) return s;
    return -1;
  }
  bool hold(int j) const { return slot_of(j) >= 0; }
  int at(int s) const { return slots_[s]; }

 private:
  static constexpr std::uint8_t kShared = 255;  // above any slot + 1
  static_assert(kMaxPartnerSlots < kShared);
  // Fibonacci hashing: the top 8 bits of id x 2^32 / golden ratio, so ids close together
  // (a cluster's members) spread over the table.
  static unsigned hash(int j) { return (unsigned(j) * 0x9E3779B9u) >> 24; }

  const int* slots_;
  int end_;
  std::array<std::uint8_t, 256> table_{};
};

}  // namespace clustersim
