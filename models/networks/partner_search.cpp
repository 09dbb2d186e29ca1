// Where firms meet candidate partners and how they rate them (part of phase 3,
// partnering; docs/model.md, "Partnering").
#include "models/networks/partner_search.hpp"

#include <algorithm>
#include <cmath>

#include "models/knowledge/knowledge_rules.hpp"
#include "models/networks/partnering_rules.hpp"

namespace clustersim {
namespace {

int cluster_size(const Environment& e, int c) {
  return e.member_offsets[std::size_t(c) + 1] - e.member_offsets[std::size_t(c)];
}

// A random member of a cluster drawn by gravity from cluster `from` (firms meet others in
// proportion to their number, less often the farther they are: gravity models of research
// collaboration, Ponds, van Oort and Frenken 2007; Scherngell and Barber 2009), from the
// cumulative weights refresh_gravity_weights wrote. If no cluster has weight (far clusters
// underflow, and a firm an event added this month is not indexed yet), any member.
int gravity_member(const World& world, int from, RandomStream& rng) {
  const auto& e = world.environment;
  const auto clusters = e.member_offsets.size() - 1;
  const double* cdf = e.gravity_cdf.data() + std::size_t(from) * clusters;
  const double total = cdf[clusters - 1];
  const double u = rng.uniform() * total;
  const auto pick = std::size_t(std::upper_bound(cdf, cdf + clusters, u) - cdf);
  if (total <= 0 || pick >= clusters || cluster_size(e, int(pick)) == 0)
    return e.members[rng.below(std::uint32_t(e.member_offsets.back()))];
  return e.members[std::size_t(e.member_offsets[pick]) +
                   rng.below(std::uint32_t(cluster_size(e, int(pick))))];
}

}  // namespace

void refresh_gravity_weights(World& world) {
  auto& e = world.environment;
  const auto clusters = e.member_offsets.size() - 1;
  const auto& p = world.parameters();
  for (std::size_t from = 0; from < clusters; ++from) {
    double sum = 0;
    for (std::size_t c = 0; c < clusters; ++c) {
      const double decay = rules::geographic_decay(world.distance_km(int(from), int(c)),
                                                   p.transfer_half_distance_km);
      sum += cluster_size(e, int(c)) * decay;
      e.gravity_cdf[from * clusters + c] = sum;
      e.partner_proximity[from * clusters + c] = std::pow(decay, p.partner_weight_proximity);
    }
  }
}

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
      std::count_if(partners, partners + f.slot_end(j), [](int k) { return k != kNoAgent; }));
}

// Attractiveness of j to i (docs/model.md, "Partnering"): SKIN's conservative fit
// (similar knowledge) and progressive fit (the inverted U of cognitive distance),
// trust, j's recent success and centrality (preferential attachment); geographic
// distance discounts the fit (Keller 2002).
double attractiveness(const World& world, int i, int j, double trust_hint) {
  const auto& f = world.firms;
  return attractiveness_at(world, i, j, trust_hint,
                           rules::cognitive_distance(f.knowledge.row(i), f.knowledge.row(j)),
                           degree(f, j));
}

double attractiveness_from_norms(const World& world, int i, int j, double trust_hint) {
  return attractiveness_from_norms(world, i, j, trust_hint, degree(world.firms, j));
}

double attractiveness_from_norms(const World& world, int i, int j, double trust_hint,
                                 int degree_of_j) {
  const auto& f = world.firms;
  const auto& norms = world.scratch.norms;
  return attractiveness_at(world, i, j, trust_hint,
                           rules::cognitive_distance(f.knowledge.row(i), f.knowledge.row(j),
                                                     norms[std::size_t(i)], norms[std::size_t(j)]),
                           degree_of_j);
}

double attractiveness_at(const World& world, int i, int j, double trust_hint, double distance,
                         int degree_of_j) {
  const auto& f = world.firms;
  const auto& p = world.parameters();
  const double fit =
      (1.0 - p.partner_progressive_share) * (1.0 - distance) +
      p.partner_progressive_share * rules::distance_effect(distance, p.transfer_optimal_distance);
  const double recent = f.recent_innovations[std::size_t(j)];
  const double success = recent / (1.0 + recent);
  const double centrality = rules::centrality(degree_of_j, p.partner_centrality_half_degree);
  const auto clusters = world.environment.member_offsets.size() - 1;
  const double proximity =
      world.environment.partner_proximity[std::size_t(f.cluster[std::size_t(i)]) * clusters +
                                          std::size_t(f.cluster[std::size_t(j)])];
  // Distance discounts what can be learned (Keller 2002), not trust, success or status:
  // other proximities stand in for the geographic one (Boschma 2005).
  return proximity * p.partner_weight_complementarity * fit + p.partner_weight_trust * trust_hint +
         p.partner_weight_success * success + p.partner_weight_centrality * centrality;
}

}  // namespace clustersim
