#pragma once
// Where firms meet candidate partners and how they rate them (part of phase 3,
// partnering; models/networks/partnering.cpp).
#include "models/world.hpp"

namespace clustersim {

// A random firm of firm i's search pool: with probability partnering.cross_cluster_share
// (always when i is alone in its cluster) a member of a cluster drawn by gravity, each
// cluster weighted by its members x 2^(-km / transfer.half_distance_km) from i's cluster
// (i's own included); otherwise a member of i's own cluster.
int pool_member(const World& world, int i, RandomStream& rng);

// Recomputes the cumulative gravity weights pool_member draws from and the proximity
// factors attractiveness uses (members per cluster, transfer.half_distance_km and
// partnering.weight_proximity as they stand); run after the members are indexed and at the
// start of each month's partnering.
void refresh_gravity_weights(World& world);

// Links firm j keeps.
int degree(const FirmState& f, int j);

// Attractiveness of firm j to firm i, met with `trust_hint` (docs/model.md, "Partnering"):
// proximity x weight_complementarity x knowledge fit + weight_trust x trust_hint +
// weight_success x recent success + weight_centrality x centrality.
double attractiveness(const World& world, int i, int j, double trust_hint);

// The same, with the cognitive distance from the knowledge norms in world.scratch.norms
// (compute_knowledge_norms of FirmState::knowledge, as partnering does when it starts).
double attractiveness_from_norms(const World& world, int i, int j, double trust_hint);

// The same with j's links given (World::scratch.degrees while proposals are made).
double attractiveness_from_norms(const World& world, int i, int j, double trust_hint,
                                 int degree_of_j);

// The same at a given cognitive distance between i and j, j keeping `degree_of_j` links.
double attractiveness_at(const World& world, int i, int j, double trust_hint, double distance,
                         int degree_of_j);

}  // namespace clustersim
