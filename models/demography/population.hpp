#pragma once
// Builds a replication's world from a scenario, and creates firms in free slots
// (at the start and when firms enter later).
#include "models/random.hpp"
#include "models/world.hpp"

namespace clustersim {

// A replication's world at the start; `input` is shared, never written.
World build_world(std::shared_ptr<const Scenario> input, std::uint32_t replication);
// The same from a copy of `scenario` (for tests and one-off worlds).
inline World build_world(const Scenario& scenario, std::uint32_t replication) {
  return build_world(std::make_shared<const Scenario>(scenario), replication);
}

// Link slots per firm: the largest partner limit the scenario ever asks for.
int partner_slots(const Scenario& scenario);

// Fills slot `slot` with a new firm of firm group `group`: Zipf-distributed size,
// knowledge and competence around the group's profile. Entrants (after the start)
// begin small, between the group's smallest size and twice it.
void init_firm(World& world, int slot, int group, RandomStream& rng, bool entrant = false);

// Lowest dead slot at or after `from`, or -1 when all are taken.
int next_free_slot(const FirmState& firms, int from);

// Rebuilds the per-cluster member lists from the alive flags.
void index_cluster_members(World& world);

}  // namespace clustersim
