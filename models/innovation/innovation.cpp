// Phase 5, innovation: projects move through TRL 1..9. A firm starts projects more
// often the closer its knowledge is to the world frontier. Progress needs money (the
// valley of death at TRL 4..7 is where stage costs peak), is limited by the weakest
// required competence of the consortium's pooled profile and moves faster the more
// pooled knowledge the project draws on (Porter and Stern 2000); a finished stage
// succeeds with a probability that grows with pooled knowledge. Completed projects
// become products, process improvements or import substitutes whose quality rises
// with relative knowledge; joint projects create knowledge for their members.
#include <algorithm>
#include <bit>
#include <cmath>

#include <boost/random/beta_distribution.hpp>

#include "models/innovation/consortium.hpp"
#include "models/innovation/innovation_rules.hpp"
#include "models/innovation/project_cost.hpp"
#include "models/knowledge/knowledge_rules.hpp"
#include "models/phases.hpp"
#include "sim/interrupt.hpp"

namespace clustersim {
namespace {

// Induced substitution (docs/model.md 3.9): the extra weight of import substitutes for
// firm i, substitution_response x the pull of each domain (the rent a substitute would
// earn there, from last month's production phase) weighted by the firm's share of its
// knowledge in the domain (it can substitute only what it knows). 0 without shortage
// and premium.
double induced_substitute_weight(const World& world, int i) {
  const auto& f = world.firms;
  const double response = world.parameters().substitution_response;
  const auto& pull = world.environment.substitution_pull;
  if (response <= 0) return 0.0;
  double known = 0, weighted = 0;
  for (int d = 0; d < f.domains; ++d) {
    known += f.knowledge(i, d);
    weighted += f.knowledge(i, d) * pull[std::size_t(d)];
  }
  return known > 0 ? response * weighted / known : 0.0;
}

// Main domain drawn in proportion to the firm's knowledge, for an induced substitute to
// its knowledge x (share_import_substitute + response x pull): the baseline substitutes
// go where the firm knows most, the induced ones where the rent is.
int draw_main_domain(const World& world, int i, bool induced, RandomStream& rng) {
  const auto& f = world.firms;
  const auto& p = world.parameters();
  const auto& pull = world.environment.substitution_pull;
  auto weight = [&](int d) {
    const double k = f.knowledge(i, d);
    return induced
               ? k * (p.share_import_substitute + p.substitution_response * pull[std::size_t(d)])
               : k;
  };
  double total = 0;
  if (induced)
    for (int d = 0; d < f.domains; ++d) total += weight(d);
  else
    total = f.knowledge.row(i).sum();  // the sum as before, bit for bit
  double pick = rng.uniform() * total;
  int main_domain = 0;
  while (main_domain < f.domains - 1 && pick >= weight(main_domain)) pick -= weight(main_domain++);
  return main_domain;
}

void start_project(World& world, int i, RandomStream& rng) {
  auto& f = world.firms;
  const auto& p = world.parameters();
  const auto n = std::size_t(i);
  const int domains = f.domains;
  // Project type by the scenario's weights, import substitutes' raised by what is missing
  // and dear (skipped at 0, so runs without shortage or premium keep their arithmetic).
  const double induced = induced_substitute_weight(world, i);
  const double weights[3] = {
      p.share_product, p.share_process,
      induced > 0 ? p.share_import_substitute + induced : p.share_import_substitute};
  double draw = rng.uniform() * (weights[0] + weights[1] + weights[2]);
  int type = 0;
  while (type < 2 && draw >= weights[type]) draw -= weights[type++];
  f.project_type[n] = static_cast<ProjectType>(type);
  // Main domain as above; others uniformly.
  auto* required = f.project_domains.data() + n * kMaxRequiredDomains;
  std::fill_n(required, kMaxRequiredDomains, std::int16_t{-1});
  const bool substitute = f.project_type[n] == ProjectType::import_substitute;
  const int main_domain = draw_main_domain(world, i, substitute && induced > 0, rng);
  required[0] = static_cast<std::int16_t>(main_domain);
  const int wanted = std::min(p.project_required_domains, std::min(domains, kMaxRequiredDomains));
  for (int r = 1; r < wanted; ++r) {
    std::int16_t d;
    do d = static_cast<std::int16_t>(rng.below(std::uint32_t(domains)));
    while (std::find(required, required + r, d) != required + r);
    required[r] = d;
  }
  f.project_trl[n] = 1;
  f.project_progress[n] = 0;
  f.project_stall[n] = 0;
  f.project_event[n] = ProjectEvent::started;
}

void complete_project(World& world, int i, double quality, RandomStream& rng) {
  auto& f = world.firms;
  const auto& p = world.parameters();
  const auto n = std::size_t(i);
  const auto type = f.project_type[n];
  f.innovated[n] = static_cast<std::int8_t>(static_cast<int>(type) + 1);
  f.recent_innovations[n] += 1;
  switch (type) {
    case ProjectType::product:
      f.competitiveness[n] *= 1.0 + p.product_demand_boost * quality;
      // Dual use: each civilian product moves output away from defence orders.
      if (f.dual_use[n])
        f.defence_share[n] = std::max(0.0, f.defence_share[n] - p.civilian_shift_per_product);
      break;
    case ProjectType::process: {
      // The firm now uses the technology of the project's main domain; others may adopt it.
      f.adopted[n] |= std::uint64_t{1} << f.project_domains[n * kMaxRequiredDomains];
      // K+S productivity draw, adopted only when it improves on current practice.
      boost::random::beta_distribution<double> beta(p.process_jump_shape, p.process_jump_shape);
      const double jump =
          p.process_jump_low + (p.process_jump_high - p.process_jump_low) * beta(rng);
      f.productivity[n] *= 1.0 + std::max(0.0, jump) * quality;
      break;
    }
    case ProjectType::import_substitute:
      f.substitutes[n] |= std::uint64_t{1} << f.project_domains[n * kMaxRequiredDomains];
      break;
  }
  f.project_trl[n] = 0;
}

// Clears last month's project outcome and lets the memory of recent innovations fade.
void reset_firm_month(World& world, int i) {
  auto& f = world.firms;
  const auto n = std::size_t(i);
  f.stage_passed[n] = 0;
  f.stage_credit[n] = 0;
  f.project_unfunded[n] = 0;
  f.innovated[n] = 0;
  f.project_event[n] = ProjectEvent::none;
  f.event_stage[n] = 0;
  f.recent_innovations[n] *= 1.0 - 1.0 / world.parameters().recent_innovation_memory;
}

// A firm without a project starts one with a chance that grows with its innovation
// budget and its knowledge relative to the frontier.
void consider_starting(World& world, int i, double budget) {
  auto& f = world.firms;
  const auto& p = world.parameters();
  const auto n = std::size_t(i);
  const auto streams = world.streams();
  f.earmarked[n] = 0;  // loan money earmarked for a finished project is free cash again
  auto rng = streams(AgentKind::firm, std::uint32_t(i), Purpose::project_start);
  const double affordability = rules::funding_factor(budget, project_stage_cost(world, i, 0));
  const double opportunity =
      rules::knowledge_factor(own_relative_knowledge(world, i), p.innovation_frontier_reference,
                              p.innovation_knowledge_elasticity);
  if (rng.bernoulli(std::min(1.0, p.project_start_rate * affordability * opportunity)))
    start_project(world, i, rng);
}

// A stage the firm cannot pay waits this month: nothing is spent and no progress is made.
double wait_for_money(World& world, int i) {
  world.firms.project_unfunded[std::size_t(i)] = 1;
  return 0.0;
}

// Pays this month's share of the stage cost from budget, grant, earmarked loan money,
// retained earnings and, in scale-up stages, bank credit, in that order (the pecking
// order; public instruments, which beat bank terms, were taken in the finance phase);
// returns the funding factor. A stage is indivisible work: when all of that money covers
// less than innovation.min_funding_share of the month's cost, the stage waits unpaid and
// borrows nothing (the valley of death), and the month counts toward the stall.
double fund_stage(World& world, int i, int stage, double budget) {
  auto& f = world.firms;
  const auto n = std::size_t(i);
  const double cost = project_stage_cost(world, i, stage);
  const double retained = retained_for_stage(world, i, stage);
  // Loan principal earmarked for the project (IDF) is drawn after budget and grant.
  const double own = budget + f.grant_received[n] + f.earmarked[n] + retained;
  const bool scaleup = is_scaleup_stage(world, stage);
  const double share = world.parameters().min_funding_share;
  const double offer = scaleup ? stage_credit_offer(world, i, cost - own) : 0.0;
  if (rules::funding_factor(own + offer, cost) < share) return wait_for_money(world, i);
  f.stage_credit[n] = scaleup ? borrow_for_stage(world, i, cost - own) : 0.0;
  const double available = own + f.stage_credit[n];
  const double money = rules::funding_factor(available, cost);
  if (money < share) return wait_for_money(world, i);  // the bank refused a loan slot
  const double spent = std::min(available, cost);
  f.earmarked[n] -= std::clamp(spent - budget - f.grant_received[n], 0.0, f.earmarked[n]);
  f.rd_spent[n] += spent;
  return money;
}

// The consortium: trusted partners that add to the project's required domains.
void form_consortium(World& world, int i) {
  auto& f = world.firms;
  const auto n = std::size_t(i);
  f.project_joint[n] = 0;
  for (int s = 0; s < f.slot_end(i); ++s) {
    const int j = f.partners_of(i)[s];
    if (j != kNoAgent && f.alive[std::size_t(j)] && member_adds(world, i, j, f.trust_of(i)[s]))
      f.project_joint[n] = 1;
  }
}

// Progress of the month, limited by money and the weakest pooled competence and paced by
// pooled knowledge relative to the frontier; false when
// the project has stalled too long and is abandoned.
bool make_progress(World& world, int i, int stage, double money) {
  auto& f = world.firms;
  const auto& p = world.parameters();
  const auto n = std::size_t(i);
  const auto* required = f.project_domains.data() + n * kMaxRequiredDomains;
  const double competence =
      rules::weakest_competence([&](int d) { return pooled_competence(world, i, d); }, required,
                                kMaxRequiredDomains, p.project_competence_need);
  // R&D productivity rises with the knowledge the project draws on (Porter and Stern 2000).
  const double knowledge =
      rules::knowledge_pace(project_relative_knowledge(world, i), p.innovation_frontier_reference,
                            p.innovation_pace_elasticity, p.innovation_pace_cap);
  const double pace = money * competence * knowledge;
  f.project_progress[n] += pace / p.stage_months[std::size_t(stage)];
  f.project_stall[n] = pace < p.stall_pace ? static_cast<std::int16_t>(f.project_stall[n] + 1) : 0;
  if (f.project_stall[n] > p.project_max_stall) {
    f.project_trl[n] = 0;
    f.project_event[n] = ProjectEvent::abandoned;
    return false;
  }
  return true;
}

// The trial of a finished stage: failure ends the project, success moves it up one TRL
// or, at TRL 9, completes it.
void try_stage(World& world, int i, int stage) {
  auto& f = world.firms;
  const auto& p = world.parameters();
  const auto n = std::size_t(i);
  const auto streams = world.streams();
  const auto* required = f.project_domains.data() + n * kMaxRequiredDomains;
  auto rng = streams(AgentKind::firm, std::uint32_t(i), Purpose::stage_trial);
  // Knowledge short of the need discounts the chance, down to stage_knowledge_floor of it.
  const double knowledge =
      std::min(1.0, pooled_knowledge(world, i, required[0]) / p.project_knowledge_need);
  const double floor = p.stage_knowledge_floor;
  if (!rng.bernoulli(p.stage_success[std::size_t(stage)] * (floor + (1.0 - floor) * knowledge))) {
    f.project_trl[n] = 0;
    f.project_event[n] = ProjectEvent::failed;
    return;
  }
  f.stage_passed[n] = 1;
  f.project_progress[n] = 0;
  if (f.project_trl[n] == 9) {
    auto effect = streams(AgentKind::firm, std::uint32_t(i), Purpose::innovation_effect);
    const double quality = std::min(p.innovation_quality_cap,
                                    rules::knowledge_factor(project_relative_knowledge(world, i),
                                                            p.innovation_frontier_reference,
                                                            p.innovation_knowledge_elasticity));
    complete_project(world, i, quality, effect);
  } else {
    ++f.project_trl[n];
  }
}

void step_firm(World& world, int i) {
  auto& f = world.firms;
  const auto& p = world.parameters();
  const auto n = std::size_t(i);
  reset_firm_month(world, i);
  const double budget = f.rd_budget[n] * p.rd_innovation_share;
  f.rd_spent[n] = f.rd_budget[n] * (1.0 - p.rd_innovation_share);  // knowledge-building part
  if (f.project_trl[n] == 0) {
    consider_starting(world, i, budget);
    return;
  }
  const int stage = f.project_trl[n] - 1;
  f.event_stage[n] = static_cast<std::int8_t>(stage + 1);  // the stage any event concerns
  const double money = fund_stage(world, i, stage, budget);
  form_consortium(world, i);
  if (!make_progress(world, i, stage, money)) return;
  if (f.project_progress[n] < 1.0) return;
  try_stage(world, i, stage);
}

// A completed joint project creates knowledge in the domains the partners combined,
// for the innovator and every member that added to it (sequential, in firm order).
void create_joint_knowledge(World& world, int i) {
  auto& f = world.firms;
  const auto& p = world.parameters();
  if (p.consortium_knowledge_creation <= 0) return;
  const auto* required = f.project_domains.data() + std::size_t(i) * kMaxRequiredDomains;
  for (int r = 0; r < kMaxRequiredDomains; ++r) {
    const int d = required[r];
    if (d < 0) continue;
    const double created = p.consortium_knowledge_creation * pooled_knowledge(world, i, d);
    for (int s = 0; s < f.slot_end(i); ++s) {
      const int j = f.partners_of(i)[s];
      if (j != kNoAgent && f.alive[std::size_t(j)] && member_adds(world, i, j, f.trust_of(i)[s]))
        f.knowledge(j, d) += created;
    }
    f.knowledge(i, d) += created;
  }
}

// Counts this month's project events, in total and by stage (TRL 1..9).
void tally_project_event(World& world, std::size_t n) {
  const auto& f = world.firms;
  auto& m = world.month;
  const auto stage = std::size_t(std::max(1, int(f.event_stage[n])) - 1);
  if (f.project_unfunded[n]) ++m.projects_unfunded;
  if (f.stage_passed[n]) {
    ++m.stage_passed[stage];
    if (stage + 1 < m.stage_entered.size()) ++m.stage_entered[stage + 1];
  }
  switch (f.project_event[n]) {
    case ProjectEvent::started:
      ++m.projects_started;
      if (f.project_type[n] == ProjectType::import_substitute) ++m.substitute_projects_started;
      ++m.stage_entered[0];
      break;
    case ProjectEvent::abandoned:
      ++m.projects_abandoned;
      ++m.stage_abandoned[stage];
      if (f.project_unfunded[n]) ++m.projects_abandoned_unfunded;
      break;
    case ProjectEvent::failed:
      ++m.projects_failed;
      ++m.stage_failed[stage];
      break;
    case ProjectEvent::none:
      break;
  }
}

// Weight of firm i's chance of adopting the technology of domain d: its knowledge in d
// relative to its strongest domain. Absorptive capacity is domain-specific (Cohen and
// Levinthal 1990) and a process technology is of use only to firms working in its domain,
// so firms without knowledge in d never adopt it (Bass's m is the firms that can use it).
// `strongest` is the firm's largest knowledge level, computed once per firm and month.
double adoption_relevance(const FirmState& f, int i, int d, double strongest) {
  return rules::relative_strength(f.knowledge(i, d), strongest);
}

// Technologies firm i adopts this month, from the state at the step's start, each chance
// times the relevance above: each one used by the firm of its sector it observes at random
// with chance imitation_rate x absorptive (Bass's q: a contact's chance of having adopted
// is the share that has), each one in use anywhere with chance external_rate (Bass's p),
// and each one a partner uses with chance link_rate x absorptive x trust.
std::uint64_t adoptions_of(const World& world, int i) {
  const auto& f = world.firms;
  const auto& p = world.parameters();
  const auto& e = world.environment;
  const auto n = std::size_t(i);
  const double strongest = f.knowledge.row(i).maxCoeff();
  auto rng = world.streams()(AgentKind::firm, std::uint32_t(i), Purpose::adoption);
  std::uint64_t taken = f.adopted[n], fresh = 0;
  auto try_each = [&](std::uint64_t offered, double chance) {
    for (std::uint64_t left = offered & ~taken; left != 0; left &= left - 1) {
      const std::uint64_t bit = left & (~left + 1);
      if (rng.bernoulli(chance * adoption_relevance(f, i, std::countr_zero(bit), strongest))) {
        fresh |= bit;
        taken |= bit;
      }
    }
  };
  // The observed firm is drawn first, so links (whose number varies) do not shift it.
  const int everyone = e.member_offsets.back();
  if (everyone > 1 && p.adoption_imitation_rate > 0) {
    const int j = e.members[rng.below(std::uint32_t(everyone))];
    if (j != i && f.sector[std::size_t(j)] == f.sector[n])
      try_each(f.adopted[std::size_t(j)], p.adoption_imitation_rate * f.absorptive[n]);
  }
  if (p.adoption_external_rate > 0) {  // own stream: the contact channels' draws stay put
    auto external = world.streams()(AgentKind::firm, std::uint32_t(i), Purpose::adoption_external);
    for (std::uint64_t left = e.technologies_in_use & ~taken; left != 0; left &= left - 1) {
      const double chance =
          p.adoption_external_rate * adoption_relevance(f, i, std::countr_zero(left), strongest);
      if (external.bernoulli(chance)) fresh |= left & (~left + 1);
    }
    taken |= fresh;
  }
  if (p.adoption_link_rate > 0) {
    for (int s = 0; s < f.slot_end(i); ++s) {
      const int j = f.partners_of(i)[s];
      if (j == kNoAgent || !f.alive[std::size_t(j)]) continue;
      try_each(f.adopted[std::size_t(j)],
               p.adoption_link_rate * f.absorptive[n] * f.trust_of(i)[s]);
    }
  }
  return fresh;
}

}  // namespace

// Diffusion: decisions in parallel from the state at the step's start, applied in
// firm order (docs/model.md, "Diffusion").
void diffusion_step(World& world) {
  auto& f = world.firms;
  const auto& p = world.parameters();
  world.environment.technologies_in_use = 0;
  for (int i = 0; i < f.capacity; ++i) {
    stop_point(i);
    if (f.alive[std::size_t(i)]) world.environment.technologies_in_use |= f.adopted[std::size_t(i)];
  }
  for_each_alive_firm(world,
                      [&](int i) { f.adoption_new[std::size_t(i)] = adoptions_of(world, i); });
  for (int i = 0; i < f.capacity; ++i) {
    stop_point(i);
    const auto n = std::size_t(i);
    if (!f.alive[n] || f.adoption_new[n] == 0) continue;
    const int count = std::popcount(f.adoption_new[n]);
    f.adopted[n] |= f.adoption_new[n];
    f.productivity[n] *= std::pow(1.0 + p.adoption_productivity_gain, count);
    world.month.adoptions += count;
    world.running.adoptions += count;
  }
}

void innovation_phase(World& world) {
  for_each_alive_firm(world, [&](int i) { step_firm(world, i); });
  // Tally in firm order, so totals do not depend on threads.
  auto& f = world.firms;
  for (int i = 0; i < f.capacity; ++i) {
    stop_point(i);
    const auto n = std::size_t(i);
    if (!f.alive[n]) continue;
    tally_project_event(world, n);
    world.running.project_months_unfunded += f.project_unfunded[n];
    if (f.project_unfunded[n] && f.project_event[n] == ProjectEvent::abandoned)
      ++world.running.projects_abandoned_unfunded;
    world.month.stage_credit += f.stage_credit[n];
    world.running.stage_credit += f.stage_credit[n];
    if (f.project_trl[n] > 0 && f.project_joint[n]) ++world.month.consortia_active;
    if (f.innovated[n] > 0) {
      ++world.month.innovations[std::size_t(f.innovated[n] - 1)];
      ++world.running.innovations[std::size_t(f.innovated[n] - 1)];
      if (f.project_joint[n]) {
        ++world.month.joint_innovations;
        ++world.running.joint_innovations;
        create_joint_knowledge(world, i);
      }
    }
  }
  diffusion_step(world);
}

}  // namespace clustersim
