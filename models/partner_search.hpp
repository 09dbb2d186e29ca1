#pragma once
// Where firms meet candidate partners (part of phase 3, partnering; models/partnering.cpp).
#include "models/world.hpp"

namespace clustersim {

// A random firm of firm i's search pool: with probability partnering.cross_cluster_share
// (always when i is alone in its cluster) a member of a cluster drawn by gravity, each
// cluster weighted by its members x 2^(-km / transfer.half_distance_km) from i's cluster
// (i's own included); otherwise a member of i's own cluster.
int pool_member(const World& world, int i, RandomStream& rng);

}  // namespace clustersim
