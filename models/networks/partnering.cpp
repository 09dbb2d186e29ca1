// Phase 3, partnering (SKIN; Cowan, Jonard and Zimmermann 2007): trust moves with
// the success of joint projects and fades slower on ties with shared partners, weak links
// and failed consortia dissolve, competence centers and universities introduce firms (also
// across clusters; models/networks/brokerage.cpp), firms with a free slot court the most attractive
// candidate they meet (gravity search and attractiveness in models/networks/partner_search.cpp:
// SKIN's fit discounted by distance, trust, success, centrality), links form when
// both sides find the other attractive enough (more so the more links a firm already tends
// relative to its relational capacity), and contract research with universities starts.
#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>

#include "models/demography/population.hpp"
#include "models/innovation/consortium.hpp"
#include "models/knowledge/knowledge_rules.hpp"
#include "models/networks/brokerage.hpp"
#include "models/networks/own_partners.hpp"
#include "models/networks/partner_search.hpp"
#include "models/networks/partnering_rules.hpp"
#include "models/phases.hpp"
#include "sim/interrupt.hpp"

namespace clustersim {
namespace {

// Called in parallel: the ring has room (make_room_for_former).
void remember_former(FirmState& f, int i, int j) {
  const auto n = std::size_t(i);
  f.formers_of(i)[f.former_next[n]] = j;
  f.former_next[n] = static_cast<std::uint8_t>((f.former_next[n] + 1) % f.partner_slots);
}

// Grows each ring of ex-partners to hold what update_trust may add to it (every link the
// firm holds), before that runs in parallel: blocks move only in sequential code. A ring
// that has wrapped already holds partner_slots entries.
void make_room_for_former(FirmState& f) {
  for (int i = 0; i < f.capacity; ++i) {
    const int end = f.slot_end(i);
    if (end == 0 || !f.alive[std::size_t(i)]) continue;
    f.reserve_former(i, std::min(f.partner_slots, f.former_next[std::size_t(i)] + end));
  }
}

// Counts, for each link, the live partners its two ends share (FirmState::shared_of), from
// the links as they stand before trust is updated; a pass of its own, since updating
// trust drops links in parallel.
void count_shared_partners(World& world) {
  auto& f = world.firms;
  // Links are symmetric here, so each pair of i's partners is tested once and counts for
  // both (half the scans of testing it from either side).
  for_each_alive_firm(world, [&](int i) {
    const auto* partners = f.partners_of(i);
    auto* shared = f.shared_of(i);
    const int end = f.slot_end(i);
    std::fill(shared, shared + end, std::uint8_t{0});
    for (int s = 0; s < end; ++s) {
      const int j = partners[s];
      if (j == kNoAgent || !f.alive[std::size_t(j)]) continue;
      for (int u = s + 1; u < end; ++u) {
        const int k = partners[u];
        if (k == kNoAgent || !f.alive[std::size_t(k)] || !linked(f, j, k)) continue;
        ++shared[s];
        ++shared[u];
      }
    }
  });
}

// Trust grows with joint success (either partner passed a stage last month) and
// decays otherwise, the slower the more partners the two share (embeddedness); both
// sides compute the same value, so links stay symmetric.
void update_trust(World& world) {
  auto& f = world.firms;
  const auto& p = world.parameters();
  if (p.partner_embeddedness > 0) count_shared_partners(world);
  make_room_for_former(f);
  for_each_alive_firm(world, [&](int i) {
    auto* partners = f.partners_of(i);
    auto* trust = f.trust_of(i);
    for (int s = 0; s < f.slot_end(i); ++s) {
      const int j = partners[s];
      if (j == kNoAgent) continue;
      if (!f.alive[std::size_t(j)]) {
        partners[s] = kNoAgent;
        continue;
      }
      // Joint success: a stage passed in a project the other side took part in.
      const auto ni = std::size_t(i), nj = std::size_t(j);
      const bool joint = (f.stage_passed[ni] && member_adds(world, i, j, trust[s])) ||
                         (f.stage_passed[nj] && member_adds(world, j, i, trust[s]));
      const bool failed =
          (f.project_event[ni] == ProjectEvent::failed && member_adds(world, i, j, trust[s])) ||
          (f.project_event[nj] == ProjectEvent::failed && member_adds(world, j, i, trust[s]));
      const int shared = p.partner_embeddedness > 0 ? f.shared_of(i)[s] : 0;
      trust[s] =
          joint ? trust[s] + p.trust_gain * (1.0 - trust[s])
                : trust[s] * rules::embedded_decay(p.trust_decay, p.partner_embeddedness, shared);
      if (failed) trust[s] *= p.consortium_failure_trust;
      if (trust[s] < p.trust_dissolve) {
        partners[s] = kNoAgent;
        trust[s] = 0;
        remember_former(f, i, j);
      }
    }
    f.trim_slot_end(i);  // writes only slot i, as the loop above
  });
}

// The lowest free slot of firm i, or -1 when it holds `limit` links or more. Slots from
// slot_end on are all free.
int free_slot(const FirmState& f, int i, int limit) {
  const auto* partners = f.partners_of(i);
  const int end = f.slot_end(i);
  int used = 0, free = -1;
  for (int s = 0; s < end; ++s) {
    if (partners[s] != kNoAgent)
      ++used;
    else if (free < 0)
      free = s;
  }
  if (free < 0 && end < f.partner_slots) free = end;
  return used < limit ? free : -1;
}

// Links firm i can tend before its threshold rises (rules::relational_capacity).
double relational_capacity_of(const World& world, int i) {
  const auto& p = world.parameters();
  return rules::relational_capacity(world.firms.employees[std::size_t(i)], p.relational_capacity,
                                    p.capacity_reference_employees, p.capacity_size_elasticity);
}

// Attractiveness firm i needs to take one more partner: the threshold, raised once i
// tends more links than its relational capacity (rules::link_threshold). Employees do not
// change while firms partner: propose takes each live firm's capacity once
// (Scratch::relational_capacity); a slot that is not alive is computed on the spot.
double own_threshold(const World& world, int i) {
  const auto& f = world.firms;
  const auto n = std::size_t(i);
  const double capacity =
      f.alive[n] ? world.scratch.relational_capacity[n] : relational_capacity_of(world, i);
  return rules::link_threshold(world.parameters().partner_threshold, degree(f, i), capacity);
}

// Trust firm i extends to c, a partner of its partners met through slot `via`:
// partnering.referral_trust of its trust in each partner that c is linked to, up to 1. The more
// ties a pair shares, the more it knows of the other and the likelier it allies (structural
// embeddedness: Gulati and Gargiulo 1999; triadic closure: Granovetter 1973). Negative
// when an earlier slot leads to c too, so each candidate is scored once. c's links are
// read once and marked by i's slot; the trust is summed in slot order with the same stop
// at 1 as a loop over i's slots, so the double is the same.
double referral_trust(const FirmState& f, const OwnPartners& own, int i, int c, int via,
                      double share) {
  static_assert(kMaxPartnerSlots <= 128, "slots must fit in the two words below");
  std::array<std::uint64_t, 2> shared{};
  const auto* theirs = f.partners_of(c);
  for (int t = 0; t < f.slot_end(c); ++t) {
    if (theirs[t] == kNoAgent) continue;
    // c was met through slot via, so its partner there needs no search.
    const int s = theirs[t] == own.at(via) ? via : own.slot_of(theirs[t]);
    if (s < 0) continue;
    if (s < via) return -1.0;
    shared[std::size_t(s) / 64] |= std::uint64_t{1} << (unsigned(s) % 64);
  }
  const auto* trust = f.trust_of(i);
  double sum = 0;
  for (std::size_t w = 0; w < shared.size(); ++w)
    for (std::uint64_t bits = shared[w]; bits != 0 && sum < 1.0; bits &= bits - 1)
      sum += share * trust[w * 64 + std::size_t(std::countr_zero(bits))];
  return std::min(1.0, sum);
}

// The best candidate firm i has met this month: the most attractive above its own
// threshold (ties go to the lower index), with the trust hint it came with.
struct Courtship {
  const World& world;
  int i;
  const OwnPartners& own;
  int best = kNoAgent;
  double best_score = 0, best_hint = 0;

  void consider(int j, double trust_hint) {
    const auto& f = world.firms;
    if (j == kNoAgent || j == i || !f.alive[std::size_t(j)] || own.hold(j)) return;
    const double score =
        attractiveness_from_norms(world, i, j, trust_hint, world.scratch.degrees[std::size_t(j)]);
    if (score > best_score || (score == best_score && best != kNoAgent && j < best)) {
      best = j;
      best_score = score;
      best_hint = trust_hint;
    }
  }
};

// Candidates met through the network (Jackson and Rogers 2007): a random firm of the
// search pool, then one of its partners at random. A firm is reached through each of
// its partners, so firms are met about in proportion to their degree (preferential
// attachment: Barabasi and Albert 1999; Powell et al. 2005). A random firm without
// partners leads nowhere.
void meet_through_links(const World& world, Courtship& court, const StreamFactory& streams) {
  const auto& f = world.firms;
  auto rng = streams(AgentKind::firm, std::uint32_t(court.i), Purpose::partner_network);
  for (int r = 0; r < world.parameters().partner_network_candidates; ++r) {
    const int k = pool_member(world, court.i, rng);
    const int links = world.scratch.degrees[std::size_t(k)];
    if (links == 0) continue;
    int pick = int(rng.below(std::uint32_t(links)));
    const auto* partners = f.partners_of(k);
    for (int s = 0; s < f.slot_end(k); ++s)
      if (partners[s] != kNoAgent && pick-- == 0) {
        court.consider(partners[s], 0.0);
        break;
      }
  }
}

// partnering.random_candidates' upper bound in the schema.
constexpr int kMaxRandomCandidates = 32;

// Asks the cache for what scoring candidate j reads from rows far from the proposer's:
// its knowledge row and norm, whether it is alive and its degree. A hint only: results do
// not depend on it.
void prefetch_candidate(const World& world, int j) {
  const auto n = std::size_t(j);
  const auto& f = world.firms;
  const double* row = f.knowledge.data() + n * std::size_t(f.domains);
  for (int d = 0; d < f.domains; d += 8) __builtin_prefetch(row + d);
  __builtin_prefetch(world.scratch.norms.data() + n);
  __builtin_prefetch(f.alive.data() + n);
  __builtin_prefetch(world.scratch.degrees.data() + n);
}

// Each firm with a free slot proposes to its most attractive candidate: former
// partners, partners of partners, random firms of its search pool
// and partners of random firms; partners of partners come with the trust of the ties
// they share with i.
void propose(World& world) {
  auto& f = world.firms;
  const auto& p = world.parameters();
  const auto streams = world.streams();
  const bool anyone_else = world.environment.member_offsets.back() > 1;
  // No link forms or drops while proposals are made: count each slot's links once (dead
  // slots too: a random member met through the network may have exited this month).
  parallel_for_index(f.capacity, [&](int i) {
    world.scratch.degrees[std::size_t(i)] = static_cast<std::uint8_t>(degree(f, i));
    if (f.alive[std::size_t(i)])
      world.scratch.relational_capacity[std::size_t(i)] = relational_capacity_of(world, i);
  });
  for_each_alive_firm(world, [&](int i) {
    const auto n = std::size_t(i);
    f.proposal[n] = kNoAgent;
    if (free_slot(f, i, p.partner_max) < 0) return;
    const OwnPartners own(f, i);
    Courtship court{world, i, own, kNoAgent, own_threshold(world, i), 0.0};
    // Random candidates from the gravity-weighted search pool
    // (models/networks/partner_search.cpp), drawn first so that their rows load while
    // the network's candidates are scored; they are still considered last.
    std::array<int, kMaxRandomCandidates> met;
    const int random =
        anyone_else ? std::min(p.partner_random_candidates, kMaxRandomCandidates) : 0;
    if (random > 0) {
      auto rng = streams(AgentKind::firm, std::uint32_t(i), Purpose::partner_search);
      for (int r = 0; r < random; ++r) {
        met[std::size_t(r)] = pool_member(world, i, rng);
        prefetch_candidate(world, met[std::size_t(r)]);
      }
    }
    // Entries past the block are never written: kNoAgent, which consider skips.
    const auto* formers = f.formers_of(i);
    for (int s = 0; s < f.former_capacity(i); ++s) court.consider(formers[s], p.former_trust);
    const auto* partners = f.partners_of(i);
    for (int s = 0; s < f.slot_end(i); ++s) {
      if (partners[s] == kNoAgent) continue;
      const auto* second = f.partners_of(partners[s]);
      for (int t = 0; t < f.slot_end(partners[s]); ++t) {
        const int c = second[t];
        if (c == kNoAgent || c == i || own.hold(c)) continue;
        const double hint = referral_trust(f, own, i, c, s, p.referral_trust);
        if (hint >= 0) court.consider(c, hint);
      }
    }
    for (int r = 0; r < random; ++r) court.consider(met[std::size_t(r)], 0.0);
    if (anyone_else) meet_through_links(world, court, streams);
    f.proposal[n] = court.best;
    f.proposal_hint[n] = court.best_hint;
  });
}

// Links i and j in their free slots si and sj, both ends starting at `trust`. Sequential
// code only: a firm's block grows when its slot_end reaches its capacity.
void form_link(World& world, int i, int si, int j, int sj, double trust) {
  auto& f = world.firms;
  f.reserve_links(i, si + 1);
  f.reserve_links(j, sj + 1);
  f.partners_of(i)[si] = j;
  f.partners_of(j)[sj] = i;
  f.trust_of(i)[si] = trust;
  f.trust_of(j)[sj] = trust;
  f.note_link_slot(i, si);
  f.note_link_slot(j, sj);
  ++world.month.links_formed;
}

// Proposals are accepted in ascending proposer order while both sides have room and
// each finds the other attractive enough, against thresholds from degrees as links form
// (the proposer may have accepted others since it proposed).
void resolve_proposals(World& world) {
  auto& f = world.firms;
  const auto& p = world.parameters();
  for (int i = 0; i < f.capacity; ++i) {
    stop_point(i);
    const int j = f.proposal[std::size_t(i)];
    if (j == kNoAgent || !f.alive[std::size_t(i)] || linked(f, i, j)) continue;
    const int si = free_slot(f, i, p.partner_max);
    const int sj = free_slot(f, j, p.partner_max);
    if (si < 0 || sj < 0) continue;
    const double hint = f.proposal_hint[std::size_t(i)];
    if (attractiveness_from_norms(world, i, j, hint) <= own_threshold(world, i) ||
        attractiveness_from_norms(world, j, i, hint) <= own_threshold(world, j))
      continue;
    // A link found through a third party (a partner's referral, a former partner) starts
    // with the trust vouched for, at most partnering.vouched_trust however many partners vouch, so
    // it outlasts a stranger's link (embeddedness: Granovetter 1985, Uzzi 1997).
    form_link(world, i, si, j, sj, std::max(p.trust_initial, std::min(hint, p.vouched_trust)));
  }
}

// A broker's introduction is a meeting of its own (matchmaking events, site visits, a
// professor's contacts), on top of the firm's search: the pair links when both have a
// free slot and each finds the other attractive, and the link starts with the trust the
// broker vouched for. Handled in
// ascending firm order after the proposals.
void accept_introductions(World& world) {
  auto& f = world.firms;
  const auto& p = world.parameters();
  for (int i = 0; i < f.capacity; ++i) {
    stop_point(i);
    const int j = f.introduction[std::size_t(i)];
    if (j == kNoAgent || !f.alive[std::size_t(i)] || !f.alive[std::size_t(j)] || linked(f, i, j))
      continue;
    const int si = free_slot(f, i, p.partner_max);
    const int sj = free_slot(f, j, p.partner_max);
    if (si < 0 || sj < 0 ||
        attractiveness_from_norms(world, i, j, p.introduced_trust) <= own_threshold(world, i) ||
        attractiveness_from_norms(world, j, i, p.introduced_trust) <= own_threshold(world, j))
      continue;
    form_link(world, i, si, j, sj, std::max(p.trust_initial, p.introduced_trust));
  }
}

// Contract research: firms with a project ask a university of their cluster; the
// university accepts with probability tto_strength while it has capacity.
void contract_research(World& world) {
  auto& f = world.firms;
  auto& u = world.universities;
  const auto& p = world.parameters();
  const auto streams = world.streams();
  for (int i = 0; i < f.capacity; ++i) {
    stop_point(i);
    const auto n = std::size_t(i);
    if (!f.alive[n]) continue;
    if (f.university[n] != kNoAgent && --f.contract_months_left[n] <= 0) {
      --u.contracts_active[std::size_t(f.university[n])];
      f.university[n] = kNoAgent;
    }
    if (f.university[n] != kNoAgent || f.project_trl[n] == 0 || u.count == 0) continue;
    auto rng = streams(AgentKind::firm, std::uint32_t(i), Purpose::university_contract);
    if (!rng.bernoulli(p.university_contract_rate)) continue;
    int local = 0;
    for (int k = 0; k < u.count; ++k) local += u.cluster[std::size_t(k)] == f.cluster[n];
    if (local == 0) continue;
    int pick = int(rng.below(std::uint32_t(local)));
    int k = 0;
    while (u.cluster[std::size_t(k)] != f.cluster[n] || pick-- > 0) ++k;
    const auto kk = std::size_t(k);
    if (u.contracts_active[kk] >= u.contract_capacity[kk]) continue;
    if (!rng.bernoulli(u.tto_strength[kk])) continue;
    f.university[n] = k;
    f.contract_months_left[n] = static_cast<std::int16_t>(p.university_contract_months);
    ++u.contracts_active[kk];
  }
}

}  // namespace

void partnering_phase(World& world) {
  // Count links before and after to report dissolutions (links sit below slot_end).
  auto count_links = [&world] {
    const auto& f = world.firms;
    int links = 0;
    for (int i = 0; i < f.capacity; ++i) links += degree(f, i);
    return links;
  };
  const int before = count_links();
  refresh_gravity_weights(world);  // events may have changed the half-distance
  compute_knowledge_norms(world, world.firms.knowledge);  // knowledge is fixed until learning
  update_trust(world);
  const int after_decay = count_links();
  world.month.links_dissolved = (before - after_decay) / 2;
  broker_introductions(world);
  propose(world);
  resolve_proposals(world);
  accept_introductions(world);
  contract_research(world);
}

}  // namespace clustersim
