#include "models/demography/population.hpp"

#include <algorithm>
#include <cmath>

#include "models/finance/money.hpp"
#include "models/knowledge/knowledge_rules.hpp"
#include "models/networks/partner_search.hpp"
#include "models/phases.hpp"
#include "models/policy/events.hpp"
#include "models/scenario/scenario_schema.hpp"
#include "sim/interrupt.hpp"

namespace clustersim {

int partner_slots(const Scenario& scenario) {
  int slots = scenario.parameters.partner_max;
  for (const auto& event : scenario.events)
    for (const auto& change : event.set)
      if (change.key == "parameters.partnering.max_partners")
        slots = std::max(slots, static_cast<int>(std::lround(change.value)));
  return std::clamp(slots, 1, kMaxPartnerSlots);
}

namespace {

void build_universities(World& world) {
  const auto& s = world.scenario();
  auto& u = world.universities;
  const int domains = s.domain_count();
  for (const auto& entry : s.universities) u.count += entry.count;
  const auto n = static_cast<std::size_t>(u.count);
  u.cluster.resize(n);
  u.is_institute.resize(n);
  u.organisations.assign(n, 1.0);
  u.research_budget.resize(n);
  u.staff.resize(n);
  u.graduates_per_year.resize(n);
  u.tto_strength.resize(n);
  u.contract_capacity.resize(n);
  u.contracts_active.assign(n, 0);
  u.spinoffs.assign(n, 0);
  u.frontier.setZero(u.count, domains);
  u.graduate_competence.setZero(u.count, domains);
  int k = 0;
  for (const auto& entry : s.universities) {
    for (int copy = 0; copy < entry.count; ++copy, ++k) {
      const auto i = static_cast<std::size_t>(k);
      u.cluster[i] = index_by_name(s.clusters, entry.cluster);
      u.is_institute[i] =
          value_of(kUniversityKindNames, entry.kind) == UniversityKind::research_institute;
      u.research_budget[i] = entry.research_budget;
      u.staff[i] = entry.staff;
      u.graduates_per_year[i] = entry.graduates_per_year;
      u.tto_strength[i] = entry.tto_strength;
      u.contract_capacity[i] = entry.contract_capacity;
      for (int d = 0; d < domains; ++d) {
        u.frontier(k, d) = entry.knowledge[std::size_t(d)];
        u.graduate_competence(k, d) = entry.graduate_competence[std::size_t(d)];
      }
    }
  }
}

void build_centers(World& world) {
  const auto& s = world.scenario();
  auto& c = world.centers;
  const int domains = s.domain_count();
  c.count = static_cast<int>(s.centers.size());
  const auto n = s.centers.size();
  c.kind.resize(n);
  c.cluster.resize(n);
  c.active.resize(n);
  c.training_capacity.resize(n);
  c.brokerage_capacity.resize(n);
  c.funding.resize(n);
  c.trainings_delivered.assign(n, 0.0);
  c.introductions.assign(n, 0);
  c.coverage.setZero(c.count, domains);
  c.frontier.setZero(c.count, domains);
  for (std::size_t i = 0; i < n; ++i) {
    const auto& entry = s.centers[i];
    const int row = static_cast<int>(i);
    c.kind[i] = *value_of(kCenterKindNames, entry.kind);
    c.cluster[i] = index_by_name(s.clusters, entry.cluster);
    c.active[i] = entry.active;
    c.training_capacity[i] = entry.training_capacity;
    c.brokerage_capacity[i] = entry.brokerage_capacity;
    c.funding[i] = entry.funding;
    for (int d = 0; d < domains; ++d) {
      const bool covered =
          entry.domains.empty() || std::find(entry.domains.begin(), entry.domains.end(),
                                             s.domains[std::size_t(d)]) != entry.domains.end();
      c.coverage(row, d) = covered ? 1.0 : 0.0;
    }
  }
  // A center of excellence starts at the best frontier of its cluster's universities.
  for (int i = 0; i < c.count; ++i) {
    for (int u = 0; u < world.universities.count; ++u)
      if (world.universities.cluster[std::size_t(u)] == c.cluster[std::size_t(i)])
        c.frontier.row(i) = c.frontier.row(i).cwiseMax(world.universities.frontier.row(u));
  }
}

void build_funders(World& world) {
  const auto& s = world.scenario();
  auto& f = world.funders;
  f.count = static_cast<int>(s.funders.size());
  const auto n = s.funders.size();
  const auto clusters = s.clusters.size();
  const auto sectors = s.sectors.size();
  f.kind.resize(n);
  f.annual_budget.resize(n);
  f.spent_this_year.assign(n, 0.0);
  f.disbursed_total.assign(n, 0.0);
  f.disbursed_month.assign(n, 0.0);
  f.min_trl.resize(n);
  f.max_trl.resize(n);
  f.max_share.resize(n);
  f.cofinancing.resize(n);
  f.eligible_cluster.assign(n * clusters, 0);
  f.eligible_sector.assign(n * sectors, 0);
  f.selected_cluster.assign(n * clusters, 0);
  f.cofinanced_by.assign(n, kNoAgent);
  f.loans_outstanding.assign(n, 0.0);
  f.defaults_total.assign(n, 0.0);
  f.orders_last.assign(n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    const auto& entry = s.funders[i];
    f.kind[i] = *value_of(kFunderKindNames, entry.kind);
    f.annual_budget[i] = entry.annual_budget;
    f.min_trl[i] = entry.min_trl;
    f.max_trl[i] = entry.max_trl;
    f.max_share[i] = entry.max_share;
    f.cofinancing[i] = entry.cofinancing;
    for (std::size_t c = 0; c < clusters; ++c)
      f.eligible_cluster[i * clusters + c] =
          entry.clusters.empty() || std::find(entry.clusters.begin(), entry.clusters.end(),
                                              s.clusters[c].name) != entry.clusters.end();
    for (std::size_t k = 0; k < sectors; ++k)
      f.eligible_sector[i * sectors + k] =
          entry.sectors.empty() || std::find(entry.sectors.begin(), entry.sectors.end(),
                                             s.sectors[k].name) != entry.sectors.end();
    if (!entry.cofinanced_by.empty())
      f.cofinanced_by[i] = index_by_name(s.funders, entry.cofinanced_by);
  }
}

void build_environment(World& world) {
  const auto& s = world.scenario();
  auto& e = world.environment;
  const int domains = s.domain_count();
  const auto clusters = s.clusters.size();
  e.foreign_frontier.assign(std::size_t(domains), world.parameters().foreign_frontier);
  e.sector_demand.assign(s.sectors.size(), 0.0);
  e.sector_price.assign(s.sectors.size(), 1.0);
  e.sector_supply.assign(s.sectors.size(), 0.0);
  e.sector_capacity.assign(s.sectors.size(), 0.0);
  e.sector_domestic_demand.assign(s.sectors.size(), 0.0);
  e.foreign_weight_start.resize(s.sectors.size());  // -1: set in the first month with supply
  for (std::size_t k = 0; k < s.sectors.size(); ++k)
    e.foreign_weight_start[k] = s.sectors[k].import_share > 0 ? -1.0 : 0.0;
  e.foreign_presence.assign(s.sectors.size(), 1.0);
  e.domestic_share.resize(s.sectors.size());
  for (std::size_t k = 0; k < s.sectors.size(); ++k)
    e.domestic_share[k] = 1.0 - s.sectors[k].import_share;
  e.sector_imports.assign(s.sectors.size(), 0.0);
  e.sector_output.assign(s.sectors.size(), 0.0);
  e.sector_cost_factor.assign(s.sectors.size(), 1.0);
  e.sector_sales.assign(s.sectors.size(), 0.0);
  e.sector_cost_sum.assign(s.sectors.size(), 0.0);
  e.member_offsets.assign(clusters + 1, 0);
  e.members.assign(std::size_t(world.firms.capacity), 0);
  e.cluster_distance_km.assign(clusters * clusters, 0.0);
  e.gravity_cdf.assign(clusters * clusters, 0.0);
  e.partner_proximity.assign(clusters * clusters, 0.0);
  e.key_rate = world.parameters().key_rate;
  e.moratorium.assign(s.sectors.size(), 0);
  e.exchange_rate =
      exchange_rate_at(s.exchange_rate, world.parameters().exchange_rate, s.calendar.start);
  e.exchange_rate_start = e.exchange_rate;
  const auto d = std::size_t(domains);
  e.import_cut.assign(d, 0.0);
  e.parallel_markup.assign(d, 0.0);
  e.licence_cut.assign(d, 0.0);
  e.parallel_from_step.assign(d, 0);
  e.resourcing_from_step.assign(d, -1);
  e.first_substitute_step.assign(d, -1);
  e.substitution_share.assign(d, 0.0);
  e.substitute_supply.assign(d, 0.0);
  e.substitute_sales.assign(d, 0.0);
  e.substitution_pull.assign(d, 0.0);
  e.needed_inputs.assign(d, 0.0);
  e.met_inputs.assign(d, 0.0);
  e.sovereign_inputs.assign(d, 0.0);
  e.basket_needs.assign(d, 0.0);
  for (std::size_t a = 0; a < clusters; ++a)
    for (std::size_t b = 0; b < clusters; ++b)
      e.cluster_distance_km[a * clusters + b] =
          rules::haversine_km(s.clusters[a].latitude, s.clusters[a].longitude,
                              s.clusters[b].latitude, s.clusters[b].longitude);
  // Local hires bring the graduates' competence, weighted by graduates per year.
  e.graduate_profile.setZero(int(clusters), domains);
  Eigen::VectorXd weight = Eigen::VectorXd::Zero(int(clusters));
  const auto& u = world.universities;
  for (int i = 0; i < u.count; ++i) {
    const int c = u.cluster[std::size_t(i)];
    e.graduate_profile.row(c) +=
        u.graduates_per_year[std::size_t(i)] * u.graduate_competence.row(i);
    weight(c) += u.graduates_per_year[std::size_t(i)];
  }
  for (int c = 0; c < int(clusters); ++c)
    if (weight(c) > 0) e.graduate_profile.row(c) /= weight(c);
}

}  // namespace

int next_free_slot(const FirmState& firms, int from) {
  for (int i = std::max(from, 0); i < firms.capacity; ++i)
    if (!firms.alive[std::size_t(i)]) return i;
  return -1;
}

namespace {

// Who the firm is: its group, cluster, sector and size class, a fresh id, and the
// results column where it first appears.
void set_identity(World& world, std::size_t i, int group_index, bool entrant) {
  const auto& s = world.scenario();
  const auto& group = s.firms[std::size_t(group_index)];
  auto& f = world.firms;
  f.alive[i] = 1;
  f.group[i] = group_index;
  f.cluster[i] = index_by_name(s.clusters, group.cluster);
  f.sector[i] = index_by_name(s.sectors, group.sector);
  f.size_class[i] = *value_of(kSizeClassNames, group.size);
  f.dual_use[i] = group.dual_use;
  f.born_month[i] = world.step;
  f.id[i] = world.next_firm_id++;
  // Results column 0 is the initial state; a firm created in month `step` is first
  // recorded in column step + 1.
  f.first_column[i] = entrant ? world.step + 1 : 0;
  f.distress_months[i] = 0;
  f.margin_months[i] = 0;
  f.recent_innovations[i] = 0;
}

// Size and productivity (two draws, in this order) and the opening accounts that
// follow from them.
void draw_size_and_accounts(World& world, std::size_t i, const FirmGroup& group, RandomStream& rng,
                            bool entrant) {
  const auto& s = world.scenario();
  auto& f = world.firms;
  // Truncated Zipf (Pareto, alpha = 1) between the group's bounds (Axtell 2001).
  const double lo = group.employees_min;
  const double hi = entrant ? std::min(group.employees_max, 2 * lo) : group.employees_max;
  f.employees[i] = lo / (1.0 - rng.uniform() * (1.0 - lo / hi));
  const double spread = group.productivity_spread;
  f.productivity[i] = group.productivity * ((1.0 - spread) + 2.0 * spread * rng.uniform());
  f.competitiveness[i] = 1.0;
  f.demand_shock[i] = 0.0;
  f.rd_intensity[i] = group.rd_intensity;
  const auto& sector = s.sectors[std::size_t(f.sector[i])];
  f.revenue[i] = f.employees[i] * sector.revenue_per_employee * f.productivity[i];
  f.wage_bill[i] = current_wage(world) * f.employees[i];
  f.input_costs[i] = sector.input_cost_share * f.revenue[i];
  f.inputs_at_list_prices[i] = f.input_costs[i];  // revenue at list prices: volume
  f.cash[i] = group.cash_months * f.wage_bill[i];
  // Capital equips the initial workforce (brought in kind, outside the cash ledger).
  f.capital[i] = world.parameters().investment_per_employee * f.employees[i];
  // A going concern opens with its customers' unpaid bills and the working-capital line
  // that finances them (in kind, like capital); an entrant starts with neither.
  f.receivables[i] = entrant ? 0.0 : world.parameters().collection_lag_months * f.revenue[i];
  f.credit_line[i] = world.parameters().receivables_advance * f.receivables[i];
  f.receivables_change[i] = 0;
  f.cost_shock[i] = 0;  // drawn in the firm's first month of production
  f.rd_budget[i] = f.rd_intensity[i] * f.revenue[i];
  f.rd_spent[i] = 0;
  f.grant_received[i] = 0;
}

// Knowledge and competence per domain, two draws per domain in domain order.
void draw_knowledge(FirmState& f, int slot, const FirmGroup& group, RandomStream& rng) {
  const double low = 1.0 - group.knowledge_spread, width = 2.0 * group.knowledge_spread;
  for (int d = 0; d < f.domains; ++d) {
    f.knowledge(slot, d) = group.knowledge[std::size_t(d)] * (low + width * rng.uniform());
    f.competence(slot, d) =
        std::clamp(group.competence[std::size_t(d)] * (low + width * rng.uniform()), 0.0, 1.0);
  }
}

// A reused slot must not inherit links, contracts, projects or flows of the firm
// that held it before.
void clear_links_and_projects(FirmState& f, int slot) {
  const auto i = static_cast<std::size_t>(slot);
  f.absorptive[i] = 0;
  f.training_received[i] = 0;
  f.general_training[i] = 0;
  f.release_links_and_former(slot);  // no links, no ex-partners: blocks come with links
  f.university[i] = kNoAgent;
  f.contract_months_left[i] = 0;
  f.introduction[i] = kNoAgent;
  f.proposal[i] = kNoAgent;
  f.project_trl[i] = 0;
  f.project_progress[i] = 0;
  f.project_stall[i] = 0;
  f.project_unfunded[i] = 0;
  std::fill_n(f.project_domains.data() + i * kMaxRequiredDomains, kMaxRequiredDomains,
              std::int16_t{-1});
  f.stage_passed[i] = 0;
  f.innovated[i] = 0;
  f.substitutes[i] = 0;
  f.adopted[i] = 0;
  for (auto* v : {&f.interest_paid, &f.principal_repaid, &f.loans_received, &f.taxes, &f.investment,
                  &f.defence_revenue, &f.export_revenue, &f.output_volume, &f.shortage_loss,
                  &f.earmarked, &f.stage_credit, &f.dividends, &f.investment_gap, &f.debt_cost,
                  &f.profit_margin, &f.idle_defence})
    (*v)[i] = 0.0;
}

// Export and defence shares, technology status and import dependence from the group.
void set_trade_profile(FirmState& f, int slot, const FirmGroup& group) {
  const auto i = static_cast<std::size_t>(slot);
  f.export_share[i] = group.export_share;
  f.defence_share[i] = group.dual_use ? group.defence_share : 0.0;
  f.technology_company[i] = group.technology_company;
  for (int d = 0; d < f.domains; ++d)
    f.import_dependence(slot, d) = group.import_dependence[std::size_t(d)];
}

// Empty loan slots (commercial by default).
void clear_loans(FirmState& f, std::size_t i) {
  const auto loans = i * kLoanSlots;
  std::fill_n(f.loan_principal.begin() + std::ptrdiff_t(loans), kLoanSlots, 0.0);
  std::fill_n(f.loan_rate.begin() + std::ptrdiff_t(loans), kLoanSlots, 0.0);
  std::fill_n(f.loan_payment.begin() + std::ptrdiff_t(loans), kLoanSlots, 0.0);
  std::fill_n(f.loan_months_left.begin() + std::ptrdiff_t(loans), kLoanSlots, std::int16_t{0});
  std::fill_n(f.loan_funder.begin() + std::ptrdiff_t(loans), kLoanSlots,
              std::int16_t{kCommercialLoan});
}

}  // namespace

void init_firm(World& world, int slot, int group_index, RandomStream& rng, bool entrant) {
  const auto& group = world.scenario().firms[std::size_t(group_index)];
  auto& f = world.firms;
  const auto i = static_cast<std::size_t>(slot);
  set_identity(world, i, group_index, entrant);
  draw_size_and_accounts(world, i, group, rng, entrant);
  draw_knowledge(f, slot, group, rng);
  clear_links_and_projects(f, slot);
  set_trade_profile(f, slot, group);
  clear_loans(f, i);
}

void index_cluster_members(World& world) {
  auto& e = world.environment;
  const auto& f = world.firms;
  std::fill(e.member_offsets.begin(), e.member_offsets.end(), 0);
  for (int i = 0; i < f.capacity; ++i)
    if (f.alive[std::size_t(i)]) ++e.member_offsets[std::size_t(f.cluster[std::size_t(i)]) + 1];
  for (std::size_t c = 1; c < e.member_offsets.size(); ++c)
    e.member_offsets[c] += e.member_offsets[c - 1];
  // Fill in ascending firm order, using `ids` scratch as per-cluster cursors.
  auto& cursor = world.scratch.ids;
  std::copy(e.member_offsets.begin(), e.member_offsets.end() - 1, cursor.begin());
  for (int i = 0; i < f.capacity; ++i)
    if (f.alive[std::size_t(i)])
      e.members[std::size_t(cursor[std::size_t(f.cluster[std::size_t(i)])]++)] = i;
}

World build_world(std::shared_ptr<const Scenario> input, std::uint32_t replication) {
  World world;
  world.input = std::move(input);
  const Scenario& scenario = *world.input;
  world.live = {scenario.parameters, scenario.policy};
  // Builds the live policy's key table now: the month loop must not allocate.
  live_policy_field("");
  world.replication = replication;
  world.step = 0;
  world.date = scenario.calendar.start;
  const int capacity = scenario.firm_capacity();
  world.firms.resize(capacity, partner_slots(scenario), scenario.domain_count());
  world.knowledge_before.setZero(capacity, scenario.domain_count());
  world.scratch.ids.assign(
      std::size_t(std::max<std::size_t>(capacity, scenario.clusters.size() + 1)), 0);
  world.scratch.scores.assign(std::size_t(capacity), 0.0);
  world.scratch.degrees.assign(std::size_t(capacity), 0);
  world.scratch.relational_capacity.assign(std::size_t(capacity), 0.0);
  world.scratch.efficiency.assign(std::size_t(capacity), 1.0);
  world.scratch.own_cost_price.assign(std::size_t(capacity), 1.0);
  world.scratch.appeal.assign(std::size_t(capacity), 0.0);
  world.scratch.entry_room.assign(scenario.clusters.size(), 0);
  world.pending_entries.assign(scenario.firms.size(), 0);
  world.exit_log.reserve(4 * std::size_t(scenario.firm_capacity()));
  build_universities(world);
  build_centers(world);
  build_funders(world);
  build_environment(world);

  int slot = 0;
  for (std::size_t g = 0; g < scenario.firms.size(); ++g) {
    for (int k = 0; k < scenario.firms[g].count; ++k, ++slot) {
      if (slot % 4096 == 0) throw_if_stopped();  // a large world takes seconds to build
      RandomStream rng(stream_key(scenario.seed, replication, 0, AgentKind::firm,
                                  static_cast<std::uint32_t>(slot), Purpose::population));
      init_firm(world, slot, static_cast<int>(g), rng);
    }
  }
  // Domestic civilian demand starts at demand_ratio times the capacity the sector's
  // initial firms offer at home (after defence orders and exports).
  for (int i = 0; i < slot; ++i) {
    const auto n = std::size_t(i);
    const auto& f = world.firms;
    world.environment.sector_demand[std::size_t(f.sector[n])] +=
        f.revenue[n] * (1.0 - f.defence_share[n]) * (1.0 - f.export_share[n]);
  }
  // With imports, that is the domestic firms' part of a market 1 / (1 - import_share)
  // times as large.
  for (std::size_t k = 0; k < scenario.sectors.size(); ++k) {
    world.environment.sector_demand[k] *= scenario.sectors[k].demand_ratio;
    if (scenario.sectors[k].import_share > 0)
      world.environment.sector_demand[k] /= 1.0 - scenario.sectors[k].import_share;
  }
  // Derived state, so that column 0 records the initial absorptive capacity (learning
  // recomputes it before any use, so the months that follow do not change).
  for (int i = 0; i < slot; ++i) update_absorptive(world, std::size_t(i));
  index_cluster_members(world);
  refresh_gravity_weights(world);
  world.environment.productivity_indexed = mean_productivity(world);
  return world;
}

}  // namespace clustersim
