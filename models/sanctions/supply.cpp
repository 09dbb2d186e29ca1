// Sanctions and import substitution (docs/model.md, "Sanctions and technological
// sovereignty").
//
// Per domain d the environment holds the sanctions in force: the cut c_d of critical
// imports, the mark-up m_d of parallel imports and the step from which they arrive, the
// licence cut l_d, and the share s_d of critical imports that domestic substitutes
// replace. Of a firm's critical input needs in d, the share s_d is bought at home; of
// the rest, (1 - c_d) still comes directly from the (now unfriendly) suppliers, and of
// the cut part parallel imports restore the share p (after their delay) at a mark-up.
// What is left, u_d = c_d (1 - p) (1 - s_d), is missing: usable capacity falls with
// dependence times u_d. The share s_d is the holders' supply over the domain's needs of
// imports; what buyers pay for it is the holders' revenue (buy_substitutes).
#include <algorithm>
#include <bit>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "models/finance/money.hpp"
#include "models/metrics.hpp"
#include "models/sanctions/substitution_rules.hpp"
#include "sim/interrupt.hpp"

namespace clustersim {
namespace {

// Entry d of a per-domain list of an event; lists the loader did not fill count as 0.
double entry(const std::vector<double>& values, std::size_t d) {
  return d < values.size() ? values[d] : 0.0;
}

// Combines two independent cuts: 1 - (1 - a)(1 - b). A zero cut leaves `a` untouched
// (bit for bit), so an empty package changes nothing.
void combine_cut(double& in_force, double cut) {
  if (cut > 0) in_force = 1.0 - (1.0 - in_force) * (1.0 - cut);
}

// How firms' critical input needs in one domain are met this month, as shares of needs
// (unavailable) and of what is bought (parallel, sanctioned).
struct DomainSupply {
  double unavailable = 0;  // u = c (1 - p) (1 - s): needs that cannot be met
  double parallel = 0;     // share of bought critical inputs that came by parallel import
  double sanctioned = 0;   // share bought from sanctioned sources (directly or parallel)
};

// Share of the cut part of d's imports that parallel imports restore this month (0 before
// they arrive): parallel_import_share when they first arrive, then buyers find other
// suppliers or routes for the part still missing at resourcing_rate a year, counted from
// the first arrival (a later package's new delay interrupts them, but not the search).
double parallel_share_in_force(const World& world, std::size_t d) {
  const auto& e = world.environment;
  if (!(e.import_cut[d] > 0) || world.step < e.parallel_from_step[d]) return 0.0;
  const auto& p = world.parameters();
  if (!(p.resourcing_rate > 0)) return p.parallel_import_share;
  const double years = (world.step - e.resourcing_from_step[d]) / 12.0;
  return 1.0 - (1.0 - p.parallel_import_share) * std::pow(1.0 - p.resourcing_rate, years);
}

DomainSupply domain_supply(const World& world, std::size_t d) {
  const auto& e = world.environment;
  const double cut = e.import_cut[d];
  const double share = e.substitution_share[d];
  const double parallel_share = parallel_share_in_force(world, d);
  DomainSupply supply;
  supply.unavailable = cut * (1.0 - parallel_share) * (1.0 - share);
  const double bought = 1.0 - supply.unavailable;
  if (bought > 0) {
    const double direct = (1.0 - share) * (1.0 - cut);
    const double parallel = (1.0 - share) * cut * parallel_share;
    supply.parallel = parallel / bought;
    supply.sanctioned = (direct + parallel) / bought;
  }
  return supply;
}

// Share of a domain's critical-input needs that are imports: every firm's needs in the
// domain split so (sum_critical_inputs), so the domain's shares of needs met are its own.
double imported_share_of_needs(const World& world, std::size_t d) {
  return 1.0 - std::clamp(entry(world.parameters().domestic_share, d), 0.0, 0.99);
}

// Critical-input needs this month per domain, at pre-shock prices (mln RUB/month), in
// ascending firm order: needed, met from any source, met from sources sanctions cannot
// cut (domestic producers and substitutes). A firm's base is its purchased inputs at
// list prices (inputs_at_list_prices) plus the inputs of the output it lost
// to shortages; its imports in d are base x dep_d, its needs imports / (1 -
// domestic_share_d); substitutes replace s_d of the imports and u_d of them are missing.
void sum_critical_inputs(const World& world, double* needed, double* met, double* sovereign) {
  const auto& f = world.firms;
  const int domains = f.domains;
  std::fill_n(needed, domains, 0.0);
  std::fill_n(met, domains, 0.0);
  std::fill_n(sovereign, domains, 0.0);
  for (int i = 0; i < f.capacity; ++i) {
    stop_point(i);
    const auto n = std::size_t(i);
    if (!f.alive[n]) continue;
    const double share = world.scenario().sectors[std::size_t(f.sector[n])].input_cost_share;
    const double base = f.inputs_at_list_prices[n] + share * f.shortage_loss[n];
    for (int d = 0; d < domains; ++d) {
      const double dependence = f.import_dependence(i, d);
      if (dependence <= 0) continue;
      const auto dd = std::size_t(d);
      const double imports = base * dependence;
      const double need = imports / imported_share_of_needs(world, dd);
      const auto supply = domain_supply(world, dd);
      needed[d] += need;
      met[d] += need - imports * supply.unavailable;
      sovereign[d] += need - imports + imports * world.environment.substitution_share[dd];
    }
  }
}

// Share of needs met (from sovereign sources or any); 0 when there is no need.
double share_of_needs(double part, double needs) {
  return needs > 0 ? part / needs : 0.0;
}

// The total indices weigh domains by their needs just before the first package that
// cuts imports (a Laspeyres index with pre-shock weights), so firms that exit or shrink
// after the shock change the total only through the domains' own shares: an embargo
// without substitutes leaves sovereignty where it was. (met_inputs and sovereign_inputs
// serve as scratch here; the production phase recomputes them this month.)
template <class Scaled>
void fix_basket_before_first_cut(World& world, const Event& event, Scaled scaled) {
  auto& e = world.environment;
  if (e.basket_fixed) return;
  bool cuts = false;
  for (std::size_t d = 0; d < e.import_cut.size(); ++d)
    cuts |= scaled(entry(event.import_cut, d)) > 0;
  if (!cuts) return;
  sum_critical_inputs(world, e.basket_needs.data(), e.met_inputs.data(), e.sovereign_inputs.data());
  e.basket_fixed = true;
}

}  // namespace

void apply_sanctions_package(World& world, const Event& event) {
  auto& e = world.environment;
  auto& access = world.live.policy.foreign_knowledge_access;
  const int delay = std::max(0, event.parallel_delay);
  // The package's severity scales every cut (a share, so capped at 1).
  auto scaled = [&](double cut) { return std::min(1.0, event.severity * cut); };
  fix_basket_before_first_cut(world, event, scaled);
  for (std::size_t d = 0; d < e.import_cut.size(); ++d) {
    const double cut = scaled(entry(event.import_cut, d));
    // Parallel imports (for everything cut in d) arrive `delay` months after the last
    // package that cut d: a new package also disrupts the routes of intermediaries.
    // (parallel_from_step only changes with a cut, and cuts never return to 0.)
    if (cut > 0) e.parallel_from_step[d] = std::max(e.parallel_from_step[d], world.step + delay);
    if (cut > 0 && e.resourcing_from_step[d] < 0) e.resourcing_from_step[d] = world.step + delay;
    combine_cut(e.import_cut[d], cut);
    // The dearest route sets the mark-up.
    e.parallel_markup[d] = std::max(e.parallel_markup[d], entry(event.parallel_markup, d));
    combine_cut(e.licence_cut[d], scaled(entry(event.licence_cut, d)));
    const double knowledge_cut = scaled(entry(event.knowledge_cut, d));
    if (knowledge_cut > 0 && d < access.size()) access[d] *= 1.0 - knowledge_cut;
  }
  combine_cut(e.export_loss, scaled(event.export_loss));
  // Foreign suppliers of final goods that leave: their weight in every sector's market
  // falls by the package's exit share (domestic firms may win what they leave).
  const double exit = scaled(event.import_exit);
  for (auto& presence : e.foreign_presence) presence *= 1.0 - exit;
}

double substitute_capacity_of(const World& world, int i) {
  const auto& f = world.firms;
  const auto n = std::size_t(i);
  const int held = std::popcount(f.substitutes[n]);
  if (held == 0) return 0.0;
  return world.parameters().substitute_output_share * productive_capacity(world, n) / double(held);
}

void update_supply(World& world) {
  auto& e = world.environment;
  const auto& f = world.firms;
  const auto& p = world.parameters();
  const int domains = f.domains;
  // What the holders of an import substitute can supply per domain, summed in firm order.
  std::fill(e.substitute_supply.begin(), e.substitute_supply.end(), 0.0);
  for (int i = 0; i < f.capacity; ++i) {
    stop_point(i);
    const auto n = std::size_t(i);
    if (!f.alive[n] || f.substitutes[n] == 0) continue;
    const double capacity = substitute_capacity_of(world, i);
    for (int d = 0; d < domains; ++d)
      if ((f.substitutes[n] >> d) & 1u) e.substitute_supply[std::size_t(d)] += capacity;
  }
  for (std::size_t d = 0; d < std::size_t(domains); ++d) {
    if (e.substitute_supply[d] > 0 && e.first_substitute_step[d] < 0)
      e.first_substitute_step[d] = world.step;
    double ramp = 0;
    if (e.first_substitute_step[d] >= 0)
      ramp = p.substitute_ramp_months > 0
                 ? std::min(1.0, double(world.step - e.first_substitute_step[d]) /
                                     double(p.substitute_ramp_months))
                 : 1.0;
    // The domain's critical-import needs of last month (those the substitutes could
    // replace): a holder replaces more the larger it is and the smaller the domain.
    const double imports = e.needed_inputs[d] * imported_share_of_needs(world, d);
    const double replaceable = imports > 0 ? std::min(1.0, e.substitute_supply[d] / imports) : 0.0;
    e.substitution_share[d] = replaceable * ramp;
  }
}

void buy_substitutes(World& world) {
  auto& e = world.environment;
  const auto& f = world.firms;
  const int domains = f.domains;
  std::fill(e.substitute_sales.begin(), e.substitute_sales.end(), 0.0);
  world.month.substitute_sales = 0;
  // Most months of most runs no domain has a substitute on sale: skip the pass over firms.
  bool on_sale = false;
  for (std::size_t d = 0; d < std::size_t(domains); ++d)
    on_sale = on_sale || (e.substitution_share[d] > 0 && e.substitute_supply[d] > 0);
  if (!on_sale) return;
  // Buyers pay for a substitute what the import it replaces costs them, devaluation
  // included (input_cost_factor charges it on all of a firm's critical imports).
  const double import_price = e.exchange_rate / e.exchange_rate_start;
  for (int i = 0; i < f.capacity; ++i) {
    stop_point(i);
    const auto n = std::size_t(i);
    if (!f.alive[n] || f.input_costs[n] <= 0) continue;
    const double base = f.inputs_at_list_prices[n];
    for (int d = 0; d < domains; ++d) {
      const auto dd = std::size_t(d);
      if (e.substitution_share[dd] <= 0 || e.substitute_supply[dd] <= 0) continue;
      e.substitute_sales[dd] +=
          base * f.import_dependence(i, d) * e.substitution_share[dd] * import_price;
    }
  }
  double total = 0;
  for (const double sales : e.substitute_sales) total += sales;
  world.month.substitute_sales = total;
}

double substitute_revenue(const World& world, int i) {
  const auto& f = world.firms;
  const auto& e = world.environment;
  const auto bits = f.substitutes[std::size_t(i)];
  if (bits == 0) return 0.0;
  const double capacity = substitute_capacity_of(world, i);
  double revenue = 0;
  for (int d = 0; d < f.domains; ++d) {
    const auto dd = std::size_t(d);
    if (((bits >> d) & 1u) && e.substitute_supply[dd] > 0)
      revenue += e.substitute_sales[dd] * capacity / e.substitute_supply[dd];
  }
  return revenue;
}

double input_availability(const World& world, int i) {
  const auto& f = world.firms;
  const auto& e = world.environment;
  const int domains = f.domains;
  double missing = 0, licensed = 0, knowledge = 0;
  for (int d = 0; d < domains; ++d) {
    const auto dd = std::size_t(d);
    if (e.import_cut[dd] > 0)
      missing += f.import_dependence(i, d) * domain_supply(world, dd).unavailable;
    licensed += f.knowledge(i, d) * e.licence_cut[dd];
    knowledge += f.knowledge(i, d);
  }
  double usable = std::clamp(1.0 - missing, 0.0, 1.0);
  // Licences: the share of productivity resting on foreign licences, weighted by the
  // firm's knowledge in each domain, is lost where licences are cut.
  if (licensed > 0 && knowledge > 0)
    usable *= std::clamp(1.0 - world.parameters().licence_productivity_share * licensed / knowledge,
                         0.0, 1.0);
  return usable;
}

namespace {

// Extra rouble cost of firm i's critical imports over their list prices, per rouble of its
// purchased inputs at list prices: parallel-import mark-ups and the devaluation.
double import_cost_extra(const World& world, int i) {
  const auto& f = world.firms;
  const auto& e = world.environment;
  // Critical imports are priced in foreign currency: a devaluation raises their cost in
  // roubles by the exchange-rate index less 1 (full pass-through to import prices, as
  // with dollar invoicing: Gopinath et al. 2020). Skipped at index 1, so runs without an
  // exchange-rate path keep their arithmetic.
  const double devaluation = e.exchange_rate / e.exchange_rate_start - 1.0;
  double extra = 0;
  for (int d = 0; d < f.domains; ++d) {
    const auto dd = std::size_t(d);
    if (e.import_cut[dd] > 0 && e.parallel_markup[dd] > 0)
      extra +=
          f.import_dependence(i, d) * domain_supply(world, dd).parallel * e.parallel_markup[dd];
    if (devaluation != 0) extra += f.import_dependence(i, d) * devaluation;
  }
  return extra;
}

}  // namespace

double input_cost_factor(const World& world, int i) {
  return 1.0 + import_cost_extra(world, i);
}

ImportedInputs imported_inputs(const World& world, int i) {
  const auto& f = world.firms;
  double share = 0;
  for (int d = 0; d < f.domains; ++d) share += f.import_dependence(i, d);
  return {share, share + import_cost_extra(world, i)};
}

namespace {

// The pull toward substitutes in each domain (read by next month's innovation phase): the
// rent a substitute would earn on the domain's imports not yet replaced at home (needs
// less the sovereign part), as a share of all firms' critical-input needs in all
// domains. 0 without needs, cuts and devaluation.
void update_substitution_pull(World& world) {
  auto& e = world.environment;
  double needs = 0;
  for (const double need : e.needed_inputs) needs += need;
  const double devaluation = e.exchange_rate / e.exchange_rate_start - 1.0;
  for (std::size_t d = 0; d < e.substitution_pull.size(); ++d) {
    const double open = std::max(0.0, e.needed_inputs[d] - e.sovereign_inputs[d]);
    if (needs <= 0 || open <= 0) {
      e.substitution_pull[d] = 0;
      continue;
    }
    const double premium = rules::substitute_premium(
        e.import_cut[d], parallel_share_in_force(world, d), e.parallel_markup[d], devaluation);
    e.substitution_pull[d] = premium * open / needs;
  }
}

}  // namespace

void account_critical_inputs(World& world) {
  auto& e = world.environment;
  sum_critical_inputs(world, e.needed_inputs.data(), e.met_inputs.data(),
                      e.sovereign_inputs.data());
  update_substitution_pull(world);
}

namespace {

// Per-domain sums of one pass (vectors sized on first use) and their totals.
struct SupplyTotals {
  std::vector<double> dependence, needed, met, sovereign;
  double weight = 0, shortage = 0, needed_total = 0, met_total = 0, sovereign_total = 0,
         cut_mean = 0, substitution_mean = 0;
};

void gather_supply(const World& world, SupplyTotals& t) {
  const auto& f = world.firms;
  const auto& e = world.environment;
  const auto domains = std::size_t(f.domains);
  t.dependence.assign(domains, 0.0);  // no allocation once sized
  t.needed.assign(domains, 0.0);
  t.met.assign(domains, 0.0);
  t.sovereign.assign(domains, 0.0);
  t.weight = t.shortage = 0;
  for (int i = 0; i < f.capacity; ++i) {
    stop_point(i);
    const auto n = std::size_t(i);
    if (!f.alive[n]) continue;
    t.weight += f.input_costs[n];
    t.shortage += f.shortage_loss[n];
    for (std::size_t d = 0; d < domains; ++d)
      t.dependence[d] += f.input_costs[n] * f.import_dependence(i, int(d));
  }
  // Computed from the state rather than read from the environment, so the initial
  // column (before any production phase) is defined too.
  sum_critical_inputs(world, t.needed.data(), t.met.data(), t.sovereign.data());
  double needed = 0, met = 0, sovereign = 0, cut = 0, substitution = 0;
  for (std::size_t d = 0; d < domains; ++d) {
    cut += e.import_cut[d];
    substitution += e.substitution_share[d];
    if (!e.basket_fixed) {
      needed += t.needed[d];
      met += t.met[d];
      sovereign += t.sovereign[d];
    } else if (e.basket_needs[d] > 0) {  // a domain without pre-shock need is left out
      const double weight = e.basket_needs[d], imported = imported_share_of_needs(world, d);
      needed += weight;
      met += weight * (1.0 - imported * domain_supply(world, d).unavailable);
      sovereign += weight * (1.0 - imported + imported * e.substitution_share[d]);
    }
  }
  t.needed_total = needed;
  t.met_total = met;
  t.sovereign_total = sovereign;
  t.cut_mean = domains > 0 ? cut / double(domains) : 0.0;
  t.substitution_mean = domains > 0 ? substitution / double(domains) : 0.0;
}

}  // namespace

MetricGroup<World> supply_metrics(const Scenario& scenario) {
  using K = MetricKind;
  using W = const World&;
  using T = const SupplyTotals&;
  MetricGroupBuilder<World, SupplyTotals> b;
  const auto& domains = scenario.domains;
  for (std::size_t d = 0; d < domains.size(); ++d)
    b.add("import_dependence_" + domains[d], "1", K::stock, MetricRange::share(),
          "Mean share of firms' purchased inputs that are critical imports in domain " +
              domains[d] + ", weighted by the firms' input costs.",
          [d](W, T t) { return t.weight > 0 ? t.dependence[d] / t.weight : 0.0; });
  for (std::size_t d = 0; d < domains.size(); ++d)
    b.add("sovereignty_index_" + domains[d], "1", K::stock, MetricRange::share(),
          "Technological sovereignty in domain " + domains[d] +
              ": share of critical-input needs (pre-shock prices) met from sources sanctions "
              "cannot cut (domestic producers, import substitutes); 0 when the domain has no "
              "need (left out of the total).",
          [d](W, T t) { return share_of_needs(t.sovereign[d], t.needed[d]); });
  b.add("sovereignty_index", "1", K::stock, MetricRange::share(),
        "Technological sovereignty over the domains with needs: needs met from sources "
        "sanctions cannot cut / all critical-input needs, by value at pre-shock prices; from "
        "the first import cut on, domains keep their weights of the month before it. Before "
        "sanctions it equals the domestic share (parameters.sanctions.domestic_share).",
        [](W, T t) { return share_of_needs(t.sovereign_total, t.needed_total); });
  for (std::size_t d = 0; d < domains.size(); ++d)
    b.add("critical_input_coverage_" + domains[d], "1", K::stock, MetricRange::share(),
          "Share of critical-input needs in domain " + domains[d] +
              " met from any source (domestic, substitutes, direct or parallel imports); 0 "
              "when the domain has no need.",
          [d](W, T t) { return share_of_needs(t.met[d], t.needed[d]); });
  b.add("critical_input_coverage", "1", K::stock, MetricRange::share(),
        "Share of critical-input needs met from any source, over domains with needs and "
        "weighted like sovereignty_index (parallel imports count as met, not as sovereign).",
        [](W, T t) { return share_of_needs(t.met_total, t.needed_total); });
  b.add("output_lost_to_shortages", "mln RUB/month", K::flow, MetricRange::nonnegative(),
        "Capacity of firms alive lost to missing critical imports and licences this month.",
        [](W, T t) { return t.shortage; });
  b.add("import_cut_mean", "1", K::stock, MetricRange::share(),
        "Mean over domains of the share of critical imports cut.",
        [](W, T t) { return t.cut_mean; });
  b.add("substitution_share_mean", "1", K::stock, MetricRange::share(),
        "Mean over domains of the share of critical imports that domestic substitutes replace.",
        [](W, T t) { return t.substitution_mean; });
  b.add(
      "substitution_pull", "1", K::stock, MetricRange::nonnegative(),
      "Rent domestic substitutes would earn, summed over domains, as a share of the "
      "firms' critical-input needs (all clusters): missing imports in full, parallel mark-ups and "
      "devaluation on the rest (last production phase; steers import-substitute projects).",
      [](W w, T) {
        double pull = 0;
        for (const double g : w.environment.substitution_pull) pull += g;
        return pull;
      });
  return std::move(b).build(gather_supply);
}

}  // namespace clustersim
