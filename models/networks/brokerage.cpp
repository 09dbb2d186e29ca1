// Brokers of partner links. Competence centers match members whose projects lack a
// competence (the cluster-policy literature's matchmaking role); universities do the same
// for the firms they do contract research with, reaching further afield through their
// academic networks: public research organisations are the gatekeepers that tie a region's
// innovators to outside knowledge (Graf 2011, Cambridge Journal of Economics 35).
#include "models/networks/brokerage.hpp"

#include <algorithm>

#include "models/kinds.hpp"
#include "sim/interrupt.hpp"

namespace clustersim {
namespace {

// The weakest domain, by the firm's competence, among its project's required domains
// that the broker covers; -1 if none.
template <class Covers>
int weakest_covered_domain(const FirmState& f, int i, Covers covers) {
  const auto n = std::size_t(i);
  int weakest = -1;
  for (int r = 0; r < kMaxRequiredDomains; ++r) {
    const int d = f.project_domains[n * kMaxRequiredDomains + std::size_t(r)];
    if (d < 0 || !covers(d)) continue;
    if (weakest < 0 || f.competence(i, d) < f.competence(i, weakest)) weakest = d;
  }
  return weakest;
}

// The strongest in domain d of a few sampled firms not yet linked to i, each drawn
// from every cluster with probability `cross_share`, else from `cluster`; kNoAgent
// unless it is stronger than i itself.
int strongest_sample(const World& world, RandomStream& rng, int i, int d, int cluster,
                     double cross_share) {
  const auto& f = world.firms;
  const auto& e = world.environment;
  const int begin = e.member_offsets[std::size_t(cluster)];
  const int size = e.member_offsets[std::size_t(cluster) + 1] - begin;
  const int everyone = e.member_offsets.back();
  int best = kNoAgent;
  const int samples = world.parameters().broker_samples;
  for (int sample = 0; sample < samples; ++sample) {
    const bool anywhere = rng.bernoulli(cross_share);
    if (!anywhere && size == 0) continue;
    const int j = anywhere ? e.members[rng.below(std::uint32_t(everyone))]
                           : e.members[std::size_t(begin) + rng.below(std::uint32_t(size))];
    if (j == i || linked(f, i, j)) continue;
    if (best == kNoAgent || f.competence(j, d) > f.competence(best, d)) best = j;
  }
  if (best == kNoAgent || f.competence(best, d) <= f.competence(i, d)) return kNoAgent;
  return best;
}

// Competence centers introduce members whose projects lack a competence (sequential
// per center; streams keyed by the center).
void center_introductions(World& world) {
  auto& f = world.firms;
  auto& c = world.centers;
  const auto& e = world.environment;
  const auto streams = world.streams();
  for (int k = 0; k < c.count; ++k) {
    const auto kk = std::size_t(k);
    c.introductions[kk] = 0;
    if (!c.active[kk] || c.kind[kk] != CenterKind::competence) continue;
    const int cluster = c.cluster[kk];
    const int begin = e.member_offsets[std::size_t(cluster)];
    const int size = e.member_offsets[std::size_t(cluster) + 1] - begin;
    if (size < 2) continue;
    auto rng = streams(AgentKind::center, std::uint32_t(k), Purpose::brokerage);
    const double capacity = c.brokerage_capacity[kk];
    const int attempts = int(capacity) + (rng.bernoulli(capacity - double(int(capacity))) ? 1 : 0);
    for (int a = 0; a < attempts; ++a) {
      const int i = e.members[std::size_t(begin) + rng.below(std::uint32_t(size))];
      const auto n = std::size_t(i);
      if (f.project_trl[n] == 0 || f.introduction[n] != kNoAgent) continue;
      const int d = weakest_covered_domain(f, i, [&](int dd) { return c.coverage(k, dd) != 0; });
      if (d < 0) continue;
      const int best = strongest_sample(world, rng, i, d, cluster,
                                        world.parameters().broker_cross_cluster_share);
      if (best == kNoAgent) continue;
      f.introduction[n] = best;
      ++c.introductions[kk];
      ++world.month.introductions;
    }
  }
}

// Universities introduce their contract-research clients whose projects need a domain
// the university researches (ascending firm order; streams keyed by the client). They
// come after the centers, so a client a center introduced this month is left alone.
void university_introductions(World& world) {
  auto& f = world.firms;
  const auto& u = world.universities;
  const auto& p = world.parameters();
  if (p.university_brokerage_rate <= 0) return;
  const auto streams = world.streams();
  for (int i = 0; i < f.capacity; ++i) {
    stop_point(i);
    const auto n = std::size_t(i);
    const int k = f.university[n];
    if (k == kNoAgent || !f.alive[n] || f.project_trl[n] == 0 || f.introduction[n] != kNoAgent)
      continue;
    auto rng = streams(AgentKind::firm, std::uint32_t(i), Purpose::university_brokerage);
    if (!rng.bernoulli(p.university_brokerage_rate)) continue;
    const int d = weakest_covered_domain(f, i, [&](int dd) { return u.frontier(k, dd) > 0; });
    if (d < 0) continue;
    const int best =
        strongest_sample(world, rng, i, d, f.cluster[n], p.university_broker_cross_cluster_share);
    if (best == kNoAgent) continue;
    f.introduction[n] = best;
    ++world.month.introductions;
    ++world.month.university_introductions;
  }
}

}  // namespace

void broker_introductions(World& world) {
  std::fill(world.firms.introduction.begin(), world.firms.introduction.end(), kNoAgent);
  world.month.university_introductions = 0;
  center_introductions(world);
  university_introductions(world);
}

}  // namespace clustersim
