// Where firms meet candidate partners and how they rate them (part of phase 3,
// partnering; docs/model.md, "Partnering").
#include "models/partner_search.hpp"

#include <algorithm>
#include <cmath>

#include "models/knowledge_rules.hpp"
#include "models/partnering_rules.hpp"

namespace clustersim {
namespace {

int cluster_size(const Environment& e, int c) {
  return e.member_offsets[std::size_t(c) + 1] - e.member_offsets[std::size_t(c)];
}

// Weight of cluster c in a gravity search from cluster `from`: its members times the
// Keller decay of the distance between them.
double gravity_weight(const World& world, int from, int c) {
  return cluster_size(world.environment, c) *
         rules::geographic_decay(world.distance_km(from, c),
                                 world.parameters().transfer_half_distance_km);
}

// A random member of a cluster drawn by gravity from cluster `from` (firms meet others in
// proportion to their number, less often the farther they are: gravity models of research
// collaboration, Ponds, van Oort and Frenken 2007; Scherngell and Barber 2009).
int gravity_member(const World& world, int from, RandomStream& rng) {
  const auto& e = world.environment;
  const int clusters = int(e.member_offsets.size()) - 1;
  double total = 0;
  for (int c = 0; c < clusters; ++c) total += gravity_weight(world, from, c);
  double left = rng.uniform() * total;
  int pick = from;
  for (int c = 0; c < clusters; ++c) {
    const double w = gravity_weight(world, from, c);
    if (w <= 0) continue;
    pick = c;
    if (left < w) break;
    left -= w;
  }
  return e.members[std::size_t(e.member_offsets[std::size_t(pick)]) +
                   rng.below(std::uint32_t(cluster_size(e, pick)))];
}

}  // namespace

int pool_member(const World& world, int i, RandomStream& rng) {
  const auto& e = world.environment;
  const int cluster = world.firms.cluster[std::size_t(i)];
  const int size = cluster_size(e, cluster);
  const bool anywhere = size <= 1 || rng.bernoulli(world.parameters().partner_cross_cluster_share);
  return anywhere ? gravity_member(world, cluster, rng)
                  : e.members[std::size_t(e.member_offsets[std::size_t(cluster)]) +
                              rng.below(std::uint32_t(size))];
}

int degree(const FirmState& f, int j) {
  const auto* partners = f.partners_of(j);
  return int(
      std::count_if(partners, partners + f.partner_slots, [](int k) { return k != kNoAgent; }));
}

// Attractiveness of j to i (docs/model.md, "Partnering"): SKIN's conservative fit
// (similar knowledge) and progressive fit (the inverted U of cognitive distance),
// trust, j's recent success and centrality (preferential attachment); geographic
// distance discounts the fit (Keller 2002).
double attractiveness(const World& world, int i, int j, double trust_hint) {
  const auto& f = world.firms;
  const auto& p = world.parameters();
  const double distance = rules::cognitive_distance(f.knowledge.row(i), f.knowledge.row(j));
  const double fit =
      (1.0 - p.partner_progressive_share) * (1.0 - distance) +
      p.partner_progressive_share * rules::distance_effect(distance, p.transfer_optimal_distance);
  const double recent = f.recent_innovations[std::size_t(j)];
  const double success = recent / (1.0 + recent);
  const double centrality = rules::centrality(degree(f, j), p.partner_centrality_half_degree);
  const double km = world.distance_km(f.cluster[std::size_t(i)], f.cluster[std::size_t(j)]);
  const double proximity = std::pow(rules::geographic_decay(km, p.transfer_half_distance_km),
                                    p.partner_weight_proximity);
  // Distance discounts what can be learned (Keller 2002), not trust, success or status:
  // other proximities stand in for the geographic one (Boschma 2005).
  return proximity * p.partner_weight_complementarity * fit + p.partner_weight_trust * trust_hint +
         p.partner_weight_success * success + p.partner_weight_centrality * centrality;
}

}  // namespace clustersim
