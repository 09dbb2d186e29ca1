#pragma once
// Brokers of partner links (part of phase 3, partnering): competence centers introduce
// their cluster's members, universities their contract-research clients. Both look for
// the firm strongest in the weakest domain of the client's project, partly in other
// clusters, and record at most one introduction per firm and month in
// FirmState::introduction; partnering turns it into a link if both sides agree.
#include <algorithm>

#include "models/world.hpp"

namespace clustersim {

// Whether firm i already holds a link to firm j. Inline: partnering asks it for every
// pair it looks at, and the scan over the few used slots is shorter than a call.
inline bool linked(const FirmState& f, int i, int j) {
  const auto* partners = f.partners_of(i);
  const auto* end = partners + f.slot_end(i);
  return std::find(partners, end, j) != end;
}

// Clears last month's introductions, then lets centers and universities broker anew.
void broker_introductions(World& world);

}  // namespace clustersim
