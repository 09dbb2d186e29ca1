// Phase 4, learning: centers allocate training, then every firm updates its
// knowledge (own R&D, partners, university, center of excellence, foreign inflow,
// depreciation) and competence (turnover, graduates, training) from the state as
// it was when the phase started.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>

#include "models/innovation/innovation_rules.hpp"
#include "models/knowledge/knowledge_rules.hpp"
#include "models/phases.hpp"

namespace clustersim {
namespace {

// Person-months firm i needs to close the gaps of its project's required domains
// that a center covers.
double training_request(const World& world, int i, int center) {
  const auto& f = world.firms;
  const auto& p = world.parameters();
  const auto n = std::size_t(i);
  if (f.project_trl[n] == 0 || p.competence_training_effect <= 0) return 0;
  double gap = 0;
  for (int r = 0; r < kMaxRequiredDomains; ++r) {
    const int d = f.project_domains[n * kMaxRequiredDomains + std::size_t(r)];
    if (d < 0 || world.centers.coverage(center, d) == 0) continue;
    gap += std::max(0.0, p.project_competence_need - f.competence(i, d));
  }
  return gap * f.employees[n] / p.competence_training_effect;
}

// Training asked of competence centers that none of them delivered this month: per
// member, the largest request still open after every center has trained, so a gap two
// centers of a cluster cover counts once. 0 where capacity does not bind. Centers
// without training capacity take no requests (allocate_training), so add none.
double unmet_training(const World& world) {
  const auto& c = world.centers;
  const auto& e = world.environment;
  const auto& f = world.firms;
  double unmet = 0;
  for (int cluster = 0; cluster < world.cluster_count(); ++cluster) {
    const int begin = e.member_offsets[std::size_t(cluster)];
    const int end = e.member_offsets[std::size_t(cluster) + 1];
    for (int m = begin; m < end; ++m) {
      const int i = e.members[std::size_t(m)];
      double open = 0;
      for (int k = 0; k < c.count; ++k) {
        const auto kk = std::size_t(k);
        if (!c.active[kk] || c.kind[kk] != CenterKind::competence || c.cluster[kk] != cluster ||
            c.training_capacity[kk] <= 0)
          continue;
        open = std::max(open, training_request(world, i, k) - f.training_received[std::size_t(i)]);
      }
      unmet += open;
    }
  }
  return unmet;
}

// Competence centers share their capacity among members in proportion to need
// (never more than the capacity); advanced-training centers share it by headcount.
void allocate_training(World& world) {
  auto& f = world.firms;
  auto& c = world.centers;
  const auto& e = world.environment;
  std::fill(f.training_received.begin(), f.training_received.end(), 0.0);
  // Training bought with cluster-subsidy services (instruments phase) comes first.
  std::copy(f.subsidised_training.begin(), f.subsidised_training.end(), f.general_training.begin());
  for (int k = 0; k < c.count; ++k) {
    const auto kk = std::size_t(k);
    c.trainings_delivered[kk] = 0;
    if (!c.active[kk]) continue;
    // A working center spends its public funding, whatever its kind.
    world.month.public_money += c.funding[kk] / 12.0;
    world.running.public_money += c.funding[kk] / 12.0;
    // A center of excellence, or one without training capacity, takes no requests.
    if (c.kind[kk] == CenterKind::excellence || c.training_capacity[kk] <= 0) continue;
    const auto cluster = std::size_t(c.cluster[kk]);
    const int begin = e.member_offsets[cluster], end = e.member_offsets[cluster + 1];
    const bool targeted = c.kind[kk] == CenterKind::competence;
    double total = 0;
    for (int m = begin; m < end; ++m) {
      const int i = e.members[std::size_t(m)];
      const double want =
          targeted
              ? std::max(0.0, training_request(world, i, k) - f.training_received[std::size_t(i)])
              : f.employees[std::size_t(i)];
      world.scratch.scores[std::size_t(i)] = want;
      total += want;
    }
    if (total <= 0) continue;
    const double share =
        targeted ? std::min(1.0, c.training_capacity[kk] / total) : c.training_capacity[kk] / total;
    double delivered = 0;
    for (int m = begin; m < end; ++m) {
      const auto i = std::size_t(e.members[std::size_t(m)]);
      const double amount = world.scratch.scores[i] * share;
      (targeted ? f.training_received : f.general_training)[i] += amount;
      delivered += amount;
    }
    c.trainings_delivered[kk] = delivered;
    world.month.trainings += delivered;
  }
  world.month.training_unmet += unmet_training(world);
}

}  // namespace

// Absorptive capacity from R&D intensity and mean competence; set before any
// transfer, which all scale with it.
double update_absorptive(World& world, std::size_t n) {
  auto& f = world.firms;
  const auto& p = world.parameters();
  const double revenue = f.revenue[n];
  const double intensity = revenue > 0 ? f.rd_budget[n] / revenue : 0.0;
  f.absorptive[n] = rules::absorptive_capacity(intensity, f.competence.row(int(n)).mean(),
                                               p.absorptive_from_rd, p.absorptive_from_competence);
  return f.absorptive[n];
}

namespace {

// Whether firm i works in domain d: a domain of its current (or last) project; before
// its first project, every domain.
bool works_in(const FirmState& f, int i, int d) {
  const auto* worked = f.project_domains.data() + std::size_t(i) * kMaxRequiredDomains;
  return worked[0] < 0 ||
         std::find(worked, worked + kMaxRequiredDomains, d) != worked + kMaxRequiredDomains;
}

// works_in for every domain at once, bit d for domain d (at most 64 domains): the
// learning steps ask it per domain and partner.
std::uint64_t worked_domains(const FirmState& f, int i) {
  std::uint64_t works = 0;
  for (int d = 0; d < f.domains; ++d)
    if (works_in(f, i, d)) works |= std::uint64_t{1} << d;
  return works;
}

bool has_domain(std::uint64_t works, int d) {
  return (works >> d) & 1u;
}

// Monthly retention factors of knowledge, the same for every firm in a month.
struct Retention {
  double kept = 0, kept_unused = 0;
};

Retention retention(const ModelParameters& p) {
  return {rules::monthly_retention(p.rd_depreciation),
          rules::monthly_retention(std::max(p.rd_depreciation, p.rd_unused_depreciation))};
}

// Own R&D deepens the domains the firm works in, in proportion to knowledge^s, and
// domains it does not work in fade faster (learning by doing and organisational
// forgetting: specialisation follows the firm's projects, Dosi 1982, Nelson and Winter
// 1982). This step overwrites next, so it comes first.
void learn_from_own_rd(World& world, int i, std::uint64_t works, const Retention& retention) {
  auto& f = world.firms;
  const auto& p = world.parameters();
  const auto n = std::size_t(i);
  const int domains = f.domains;
  const auto own = world.knowledge_before.row(i);
  auto next = f.knowledge.row(i);
  const double learning_money = f.rd_budget[n] * (1.0 - p.rd_innovation_share);
  const double gain = rules::rd_knowledge_gain(learning_money, p.rd_efficiency, p.rd_scale);
  std::array<double, 64> powered;  // knowledge^s of the domains worked in, taken once
  double total = 0;
  int used = 0;
  for (int d = 0; d < domains; ++d) {
    if (!has_domain(works, d)) continue;
    powered[std::size_t(d)] = std::pow(own(d), p.rd_specialisation);
    total += powered[std::size_t(d)];
    ++used;
  }
  for (int d = 0; d < domains; ++d) {
    if (!has_domain(works, d)) {
      next(d) = own(d) * retention.kept_unused;
      continue;
    }
    const double share = total > 0 ? powered[std::size_t(d)] / total : 1.0 / used;
    next(d) = own(d) * retention.kept + gain * share;
  }
}

// Every transfer below is scaled by the learner's strength in the domain relative to its
// strongest (absorptive capacity is domain-specific, Cohen and Levinthal 1990), so what a
// firm takes in deepens its own profile instead of copying the source's. From partners, a
// firm learns in full in the domains its project works in: partners learn most what their
// own problems need (relative absorptive capacity, Lane and Lubatkin 1998).
void learn_from_partners(World& world, int i, double absorptive, std::uint64_t works) {
  auto& f = world.firms;
  const auto& p = world.parameters();
  const auto& before = world.knowledge_before;
  const auto n = std::size_t(i);
  const auto own = before.row(i);
  auto next = f.knowledge.row(i);
  const auto* partners = f.partners_of(i);
  const auto* trust = f.trust_of(i);
  const double strongest = own.maxCoeff();
  // The same for every partner: taken once (scenarios have at most 64 domains).
  std::array<double, 64> weight;
  for (int d = 0; d < f.domains; ++d)
    weight[std::size_t(d)] =
        has_domain(works, d) ? 1.0 : rules::relative_strength(own(d), strongest);
  for (int s = 0; s < f.slot_end(i); ++s) {
    const int j = partners[s];
    if (j == kNoAgent) continue;
    const auto source = before.row(j);
    const auto& norms = world.scratch.norms;
    const double effect = rules::distance_effect(
        rules::cognitive_distance(own, source, norms[n], norms[std::size_t(j)]),
        p.transfer_optimal_distance);
    const double geography = rules::geographic_decay(
        world.distance_km(f.cluster[n], f.cluster[std::size_t(j)]), p.transfer_half_distance_km);
    for (int d = 0; d < f.domains; ++d)
      next(d) +=
          weight[std::size_t(d)] * rules::transfer_gain(p.transfer_rate, absorptive, trust[s],
                                                        effect, geography, source(d), own(d));
  }
}

// Contract research with university u.
void learn_from_university(World& world, int i, int u, double absorptive) {
  auto& f = world.firms;
  const auto& p = world.parameters();
  const auto own = world.knowledge_before.row(i);
  auto next = f.knowledge.row(i);
  const auto& unis = world.universities;
  const auto frontier = unis.frontier.row(u);
  const double effect = rules::distance_effect(
      rules::cognitive_distance(own, frontier, world.scratch.norms[std::size_t(i)],
                                frontier.norm()),
      p.transfer_optimal_distance);
  const double rate = p.transfer_university_rate * unis.tto_strength[std::size_t(u)];
  const double strongest = own.maxCoeff();
  if (strongest <= 0) return;
  for (int d = 0; d < f.domains; ++d)
    next(d) += rules::relative_strength(own(d), strongest) *
               rules::transfer_gain(rate, absorptive, 1.0, effect, 1.0, frontier(d), own(d));
}

// Centers of excellence pass their frontier to members, in the domains they cover.
void learn_from_centers(World& world, int i, double absorptive) {
  auto& f = world.firms;
  const auto& p = world.parameters();
  const auto n = std::size_t(i);
  const auto own = world.knowledge_before.row(i);
  auto next = f.knowledge.row(i);
  const auto& c = world.centers;
  const double strongest = own.maxCoeff();
  if (strongest <= 0) return;
  for (int k = 0; k < c.count; ++k) {
    const auto kk = std::size_t(k);
    if (!c.active[kk] || c.kind[kk] != CenterKind::excellence || c.cluster[kk] != f.cluster[n])
      continue;
    const auto frontier = c.frontier.row(k);
    const double effect = rules::distance_effect(
        rules::cognitive_distance(own, frontier, world.scratch.norms[n], frontier.norm()),
        p.transfer_optimal_distance);
    for (int d = 0; d < f.domains; ++d)
      next(d) += c.coverage(k, d) * rules::relative_strength(own(d), strongest) *
                 rules::transfer_gain(p.transfer_center_rate, absorptive, 1.0, effect, 1.0,
                                      frontier(d), own(d));
  }
}

// Foreign knowledge, as far as access allows.
void learn_from_abroad(World& world, int i, double absorptive) {
  auto& f = world.firms;
  const auto& p = world.parameters();
  const auto own = world.knowledge_before.row(i);
  auto next = f.knowledge.row(i);
  const auto& access = world.live.policy.foreign_knowledge_access;
  const auto& world_frontier = world.environment.foreign_frontier;
  // Absorptive capacity is domain-specific (Cohen and Levinthal 1990): a firm takes in
  // foreign knowledge in proportion to its own strength in the domain, relative to its
  // strongest, so inflow does not erase its profile.
  const double strongest = own.maxCoeff();
  if (strongest <= 0) return;
  for (int d = 0; d < f.domains; ++d)
    next(d) += p.foreign_inflow_rate * access[std::size_t(d)] * absorptive *
               rules::relative_strength(own(d), strongest) *
               std::max(world_frontier[std::size_t(d)] - own(d), 0.0);
}

// Sources add to next in a fixed order (own R&D, partners, university, centers,
// abroad), so the sums round the same way every run.
void update_knowledge(World& world, int i, const Retention& kept) {
  const auto n = std::size_t(i);
  const double absorptive = update_absorptive(world, n);
  const std::uint64_t works = worked_domains(world.firms, i);
  learn_from_own_rd(world, i, works, kept);
  if (world.parameters().transfer_rate > 0) learn_from_partners(world, i, absorptive, works);
  if (const int u = world.firms.university[n]; u != kNoAgent)
    learn_from_university(world, i, u, absorptive);
  learn_from_centers(world, i, absorptive);
  learn_from_abroad(world, i, absorptive);
}

void update_competence(World& world, int i) {
  auto& f = world.firms;
  const auto& p = world.parameters();
  const auto n = std::size_t(i);
  const int domains = f.domains;
  const auto hires = world.environment.graduate_profile.row(f.cluster[n]);
  const double turnover = p.competence_turnover / 12.0;
  auto competence = f.competence.row(i);
  // Leavers are replaced by hires: graduates with the local profile or untrained staff.
  for (int d = 0; d < domains; ++d)
    competence(d) += turnover * (p.competence_graduate_share * hires(d) - competence(d));
  // Targeted training goes to the project's gaps in proportion to their size.
  if (f.training_received[n] > 0) {
    double gap_total = 0;
    const auto* required = f.project_domains.data() + n * kMaxRequiredDomains;
    for (int r = 0; r < kMaxRequiredDomains; ++r)
      if (required[r] >= 0)
        gap_total += std::max(0.0, p.project_competence_need - competence(required[r]));
    if (gap_total > 0) {
      for (int r = 0; r < kMaxRequiredDomains; ++r) {
        const int d = required[r];
        if (d < 0) continue;
        const double gap = std::max(0.0, p.project_competence_need - competence(d));
        competence(d) += rules::training_gain(f.training_received[n] * gap / gap_total,
                                              f.employees[n], p.competence_training_effect,
                                              competence(d), p.project_competence_need);
      }
    }
  }
  // General qualification lifts every domain a little.
  if (f.general_training[n] > 0 && f.employees[n] > 0) {
    const double lift = p.competence_general_effect * p.competence_training_effect *
                        f.general_training[n] / (f.employees[n] * domains);
    for (int d = 0; d < domains; ++d) competence(d) += lift * (1.0 - competence(d));
  }
  for (int d = 0; d < domains; ++d) competence(d) = std::clamp(competence(d), 0.0, 1.0);
}

// University and center-of-excellence frontiers grow with their budgets; the
// world frontier grows at its own rate.
void advance_frontiers(World& world) {
  const auto& p = world.parameters();
  auto& u = world.universities;
  for (int k = 0; k < u.count; ++k) {
    const double growth = p.university_frontier_growth * u.research_budget[std::size_t(k)] / 1000.0;
    u.frontier.row(k) *= 1.0 + growth / 12.0;
  }
  auto& c = world.centers;
  for (int k = 0; k < c.count; ++k) {
    if (!c.active[std::size_t(k)] || c.kind[std::size_t(k)] != CenterKind::excellence) continue;
    const double growth = p.university_frontier_growth * c.funding[std::size_t(k)] / 1000.0;
    c.frontier.row(k) *= 1.0 + growth / 12.0;
  }
  for (auto& level : world.environment.foreign_frontier)
    level *= 1.0 + p.foreign_frontier_growth / 12.0;
}

}  // namespace

void compute_knowledge_norms(World& world, const DomainMatrix& knowledge) {
  auto& norms = world.scratch.norms;
  if (norms.size() != std::size_t(world.firms.capacity))
    norms.assign(std::size_t(world.firms.capacity), 0.0);
  for_each_alive_firm(world, [&](int i) { norms[std::size_t(i)] = knowledge.row(i).norm(); });
}

void learning_phase(World& world) {
  allocate_training(world);
  world.knowledge_before = world.firms.knowledge;  // same size every month: no allocation
  compute_knowledge_norms(world, world.knowledge_before);
  const Retention kept = retention(world.parameters());
  for_each_alive_firm(world, [&](int i) {
    update_knowledge(world, i, kept);
    update_competence(world, i);
  });
  advance_frontiers(world);
}

}  // namespace clustersim
