// Public instruments, first half: funders' calls and competitions for grants and
// cluster subsidies, with regional co-financing, and the finance-phase dispatch
// over funder kinds. Soft loans, defence orders and the instrument metrics are in
// instruments_loans.cpp. docs/model.md, "Public instruments", gives the rules.
// Every payment is public money: grants, cluster subsidies for joint projects and
// regional co-financing are paid into firms' grant_received; cluster services buy
// training (subsidised_training) and pay no firm's cash; soft loans are opened with
// take_loan and count as public money lent.
#include <algorithm>
#include <vector>

#include "models/finance/instruments_common.hpp"
#include "models/finance/money.hpp"
#include "models/innovation/innovation_rules.hpp"
#include "models/innovation/project_cost.hpp"
#include "models/phases.hpp"
#include "sim/interrupt.hpp"

namespace clustersim {
namespace instruments {

double budget_left(const FunderState& funders, std::size_t k) {
  return std::max(0.0, funders.annual_budget[k] - funders.spent_this_year[k]);
}

bool eligible(const World& world, std::size_t k, std::size_t n) {
  const auto& funders = world.funders;
  const auto& f = world.firms;
  return funders
             .eligible_cluster[k * world.scenario().clusters.size() + std::size_t(f.cluster[n])] &&
         funders.eligible_sector[k * world.scenario().sectors.size() + std::size_t(f.sector[n])];
}

int partners(const World& world, int i) {
  int count = 0;
  for (int s = 0; s < world.firms.slot_end(i); ++s)
    count += world.firms.partners_of(i)[s] != kNoAgent;
  return count;
}

// An application's score with the funder's weights: knowledge in the project's main
// domain / need, weakest required competence / need, TRL / 9, partners / max. Firms
// without a project (loans for investment) count mean knowledge and competence.
double firm_score(const World& world, const Funder& terms, int i) {
  const auto& f = world.firms;
  const auto& p = world.parameters();
  const auto n = std::size_t(i);
  const bool project = f.project_trl[n] > 0;
  const auto* required = f.project_domains.data() + n * kMaxRequiredDomains;
  const double knowledge = project ? f.knowledge(i, required[0]) : f.knowledge.row(i).mean();
  double score = terms.weight_knowledge * (knowledge / p.project_knowledge_need);
  if (terms.weight_competence != 0) {
    const double competence =
        project ? rules::weakest_competence([&](int d) { return f.competence(i, d); }, required,
                                            kMaxRequiredDomains, p.project_competence_need)
                : std::min(1.0, f.competence.row(i).mean() / p.project_competence_need);
    score += terms.weight_competence * competence;
  }
  if (terms.weight_trl != 0) score += terms.weight_trl * (f.project_trl[n] / kMaxTrl);
  if (terms.weight_partners != 0 && p.partner_max > 0)
    score += terms.weight_partners * (double(partners(world, i)) / double(p.partner_max));
  return score;
}

// Records a payment of `amount` by funder k as public money.
void count_payment(World& world, std::size_t k, double amount) {
  auto& funders = world.funders;
  funders.spent_this_year[k] += amount;
  funders.disbursed_total[k] += amount;
  funders.disbursed_month[k] += amount;
  world.month.public_money += amount;
}

// Pays a project grant of funder k to firm i and the regional co-financing on top
// (regional_share x grant, within what is left of the regional funder's year).
void pay_grant(World& world, std::size_t k, std::size_t n, double grant) {
  auto& f = world.firms;
  f.grant_received[n] += grant;
  world.month.grants += grant;
  count_payment(world, k, grant);
  const int r = world.funders.cofinanced_by[k];
  if (r < 0) return;
  const auto rk = std::size_t(r);
  if (!eligible(world, rk, n)) return;
  const double add =
      std::min(world.scenario().funders[rk].regional_share * grant, budget_left(world.funders, rk));
  if (add <= 0) return;
  f.grant_received[n] += add;
  world.month.grants += add;
  count_payment(world, rk, add);
}

// Sorts the first `count` ids by descending score (scores indexed by id); ties go to
// the lower id, so the order is fixed.
void rank(World& world, int count) {
  auto& ids = world.scratch.ids;
  const auto& scores = world.scratch.scores;
  std::sort(ids.begin(), ids.begin() + count, [&](int a, int b) {
    const double sa = scores[std::size_t(a)], sb = scores[std::size_t(b)];
    return sa != sb ? sa > sb : a < b;
  });
}

}  // namespace instruments

namespace {

using namespace instruments;

// Funders spread what is left of the year's budget evenly over the remaining months.
double monthly_allowance(const FunderState& funders, std::size_t k, int month_of_year) {
  const double left = std::max(0.0, funders.annual_budget[k] - funders.spent_this_year[k]);
  return left / double(13 - month_of_year);
}

// Grants to projects (kind grants) or to joint projects in selected clusters (kind
// cluster_subsidy): rank the applications, fund the best until the month's allowance
// is spent. Returns what is left of the allowance.
double run_project_grants(World& world, std::size_t k, bool joint_in_selected) {
  auto& funders = world.funders;
  auto& f = world.firms;
  const auto& p = world.parameters();
  const auto& terms = world.scenario().funders[k];
  const std::size_t clusters = world.scenario().clusters.size();
  double allowance = monthly_allowance(funders, k, world.date.month);
  auto& ids = world.scratch.ids;
  auto& scores = world.scratch.scores;
  int applicants = 0;
  for (int i = 0; i < f.capacity; ++i) {
    stop_point(i);
    const auto n = std::size_t(i);
    const int trl = f.project_trl[n];
    if (!f.alive[n] || trl < funders.min_trl[k] || trl > funders.max_trl[k]) continue;
    if (!eligible(world, k, n)) continue;
    if (joint_in_selected && (!funders.selected_cluster[k * clusters + std::size_t(f.cluster[n])] ||
                              partners(world, i) == 0))
      continue;
    const double cost = project_stage_cost(world, i, trl - 1);
    // Co-financing from the innovation budget and retained earnings.
    const double own =
        f.rd_budget[n] * p.rd_innovation_share + retained_for_stage(world, i, trl - 1);
    if (cost <= 0 || own < funders.cofinancing[k] * cost || f.grant_received[n] > 0) continue;
    ids[std::size_t(applicants)] = i;
    scores[n] = firm_score(world, terms, i);
    ++applicants;
  }
  rank(world, applicants);
  for (int a = 0; a < applicants; ++a) {
    const auto n = std::size_t(ids[std::size_t(a)]);
    const double cost = project_stage_cost(world, int(n), f.project_trl[n] - 1);
    const double grant = funders.max_share[k] * cost;
    if (grant > allowance) break;
    allowance -= grant;
    pay_grant(world, k, n, grant);
  }
  return allowance;
}

// Cluster c's services train the staff of its alive members with `money` (mln RUB),
// shared by headcount.
void train_members(World& world, std::size_t c, double money) {
  auto& f = world.firms;
  const auto& e = world.environment;
  double staff = 0;
  for (int m = e.member_offsets[c]; m < e.member_offsets[c + 1]; ++m) {
    const auto n = std::size_t(e.members[std::size_t(m)]);
    if (f.alive[n]) staff += f.employees[n];
  }
  if (staff <= 0) return;
  const double person_months = money / world.parameters().competence_training_cost;
  for (int m = e.member_offsets[c]; m < e.member_offsets[c + 1]; ++m) {
    const auto n = std::size_t(e.members[std::size_t(m)]);
    if (f.alive[n]) f.subsidised_training[n] += person_months * f.employees[n] / staff;
  }
}

// Cluster-subsidy services (docs/model.md, "Public instruments"): what joint projects
// left of the month's allowance goes to the selected clusters' organisations, each up
// to services_per_member x its alive members a year, split by that demand; the regional
// co-financier adds its share. The services train members' staff, shared by headcount.
// The real programme paid for specialised cluster organisations, engineering centres
// and training rather than firms' projects (HSE ISSEK, 2014 allocation).
void fund_cluster_services(World& world, std::size_t k, double left) {
  auto& funders = world.funders;
  const auto& f = world.firms;
  const auto& e = world.environment;
  const std::size_t clusters = world.scenario().clusters.size();
  const double per_member = world.scenario().funders[k].services_per_member / 12.0;
  if (per_member <= 0 || left <= 0) return;
  const int r = funders.cofinanced_by[k];
  auto selected = [&](std::size_t c) { return funders.selected_cluster[k * clusters + c] != 0; };
  auto cofinanced = [&](std::size_t c) {
    return r >= 0 && funders.eligible_cluster[std::size_t(r) * clusters + c] != 0;
  };
  auto members = [&](std::size_t c) {
    int alive = 0;
    for (int m = e.member_offsets[c]; m < e.member_offsets[c + 1]; ++m)
      alive += f.alive[std::size_t(e.members[std::size_t(m)])];
    return alive * per_member;
  };
  double demand = 0, cofinanced_demand = 0;
  for (std::size_t c = 0; c < clusters; ++c) {
    if (!selected(c)) continue;
    demand += members(c);
    if (cofinanced(c)) cofinanced_demand += members(c);
  }
  if (demand <= 0) return;
  const double paid = std::min(left, demand);
  count_payment(world, k, paid);
  double regional = 0;
  if (cofinanced_demand > 0) {
    const auto rk = std::size_t(r);
    regional =
        std::min(world.scenario().funders[rk].regional_share * paid * cofinanced_demand / demand,
                 budget_left(funders, rk));
    if (regional > 0) count_payment(world, rk, regional);
  }
  for (std::size_t c = 0; c < clusters; ++c) {
    if (!selected(c) || members(c) <= 0) continue;
    double money = paid * members(c) / demand;
    if (cofinanced(c)) money += regional * members(c) / cofinanced_demand;
    train_members(world, c, money);
  }
}

// Competitive selection of cluster programmes: every eligible cluster with a firm
// applies; the score is the weighted innovation potential of its members (mean
// knowledge / need, mean competence / need, mean project TRL / 9, mean partners /
// max); the best `select` are chosen, ties to the lower cluster index.
void select_clusters(World& world, std::size_t k) {
  auto& funders = world.funders;
  const auto& f = world.firms;
  const auto& p = world.parameters();
  const auto& e = world.environment;
  const auto& terms = world.scenario().funders[k];
  const std::size_t clusters = world.scenario().clusters.size();
  auto& ids = world.scratch.ids;
  auto& scores = world.scratch.scores;
  int applicants = 0;
  for (std::size_t c = 0; c < clusters; ++c) {
    funders.selected_cluster[k * clusters + c] = 0;
    if (!funders.eligible_cluster[k * clusters + c]) continue;
    double knowledge = 0, competence = 0, trl = 0, links = 0;
    int members = 0;
    for (int m = e.member_offsets[c]; m < e.member_offsets[c + 1]; ++m) {
      const int i = e.members[std::size_t(m)];
      if (!f.alive[std::size_t(i)]) continue;
      knowledge += f.knowledge.row(i).mean();
      competence += f.competence.row(i).mean();
      trl += f.project_trl[std::size_t(i)];
      links += partners(world, i);
      ++members;
    }
    if (members == 0) continue;
    double score = terms.weight_knowledge * (knowledge / members / p.project_knowledge_need);
    score += terms.weight_competence * (competence / members / p.project_competence_need);
    score += terms.weight_trl * (trl / members / kMaxTrl);
    if (p.partner_max > 0)
      score += terms.weight_partners * (links / members / double(p.partner_max));
    ids[std::size_t(applicants)] = static_cast<std::int32_t>(c);
    scores[std::size_t(applicants)] = score;
    ++applicants;
  }
  // Applicants are in ascending cluster order; a strict comparison keeps the lower
  // index on ties.
  const int wanted = std::min(terms.select, applicants);
  for (int round = 0; round < wanted; ++round) {
    int best = -1;
    for (int a = 0; a < applicants; ++a) {
      const auto c = std::size_t(ids[std::size_t(a)]);
      if (funders.selected_cluster[k * clusters + c]) continue;
      if (best < 0 || scores[std::size_t(a)] > scores[std::size_t(best)]) best = a;
    }
    funders.selected_cluster[k * clusters + std::size_t(ids[std::size_t(best)])] = 1;
  }
}

void run_cluster_subsidy(World& world, std::size_t k) {
  const auto& terms = world.scenario().funders[k];
  // The call month, or the first month when the run starts after the call.
  const bool call_now = world.date == terms.call || (world.step == 0 && terms.call < world.date);
  if (call_now) select_clusters(world, k);
  if (terms.call < world.date) fund_cluster_services(world, k, run_project_grants(world, k, true));
}

}  // namespace

void run_public_instruments(World& world) {
  auto& funders = world.funders;
  std::fill(world.firms.grant_received.begin(), world.firms.grant_received.end(), 0.0);
  std::fill(world.firms.subsidised_training.begin(), world.firms.subsidised_training.end(), 0.0);
  // Reset first: a regional funder may pay before its own turn in the loop.
  for (std::size_t k = 0; k < std::size_t(funders.count); ++k) {
    if (world.date.month == 1) funders.spent_this_year[k] = 0;
    funders.disbursed_month[k] = 0;
  }
  for (std::size_t k = 0; k < std::size_t(funders.count); ++k) {
    switch (funders.kind[k]) {
      case FunderKind::grants:
        (void)run_project_grants(world, k, false);
        break;
      case FunderKind::cluster_subsidy:
        run_cluster_subsidy(world, k);
        break;
      case FunderKind::idf_loan:
      case FunderKind::industrial_mortgage:
      case FunderKind::cluster_platform:
        run_soft_loans(world, k);
        break;
      case FunderKind::regional:        // pays only with the funder it co-finances
      case FunderKind::defence_orders:  // production phase
        break;
    }
  }
  world.running.grants += world.month.grants;
  world.running.public_money += world.month.public_money;
}

}  // namespace clustersim
