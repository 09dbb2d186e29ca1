// Phase 6, production and markets. Labour capacity is cut by missing critical
// imports; defence orders take their share first, defence lines freed by cuts idle
// until converted; a share of the rest is exported;
// each sector's domestic demand is shared among its firms in proportion to domestic
// capacity times competitiveness, capped at capacity. Revenue pays inputs (at the
// firm's own persistent unit cost), wages, R&D, interest and taxes (settle_accounts);
// employment moves toward what sales need.
#include <algorithm>
#include <cmath>

#include <boost/random/normal_distribution.hpp>

#include "models/finance/money.hpp"
#include "models/phases.hpp"
#include "models/production/dual_use_rules.hpp"
#include "models/production/market_rules.hpp"
#include "sim/interrupt.hpp"

namespace clustersim {
namespace {

// Factor on firm n's input and labour costs from its cost shock, of mean 1 (lognormal
// correction). Taken once a month (cache_prices_and_appeal); read from the scratch row.
double compute_cost_shock_factor(const World& world, std::size_t n) {
  const double sigma = world.parameters().cost_shock;
  return std::exp(world.firms.cost_shock[n] - 0.5 * sigma * sigma);
}

double cost_shock_factor(const World& world, std::size_t n) {
  return world.scratch.efficiency[n];
}

// A new firm's missing customer base: the share of appeal it lacks, closing with age
// (Foster, Haltiwanger and Syverson 2016). Firms present at the start have none.
double customer_base(const World& world, std::size_t n) {
  const auto& f = world.firms;
  const auto& p = world.parameters();
  if (f.first_column[n] == 0 || p.entrant_demand_gap <= 0) return 1.0;
  const double age_years = (world.step - f.born_month[n]) / 12.0;
  return 1.0 - p.entrant_demand_gap * std::exp(-age_years / p.entrant_demand_years);
}

// The share own_cost_pass_through of firm n's cost shock that it passes into its price
// (firms pass about 0.6 of their own cost changes on: Amiti, Itskhoki and Konings 2019), so
// less efficient firms are dearer and sell less (Foster, Haltiwanger and Syverson 2008).
double compute_own_cost_price(const World& world, double efficiency) {
  const double pass = world.parameters().own_cost_pass_through;
  return pass > 0 ? std::pow(efficiency, pass) : 1.0;
}

double own_cost_price(const World& world, std::size_t n) {
  return world.scratch.own_cost_price[n];
}

// The firm's own price over its sector's: its debt service (unit-cost factor 1 + debt
// service / capacity, InCaLead) and its passed-on cost shock.
double relative_price(const World& world, std::size_t n) {
  return (1.0 + world.firms.debt_cost[n]) * own_cost_price(world, n);
}

// How much buyers favour a firm: competitiveness (products) times its demand shock and
// customer base, over its relative price raised to the price sensitivity.
double compute_appeal(const World& world, std::size_t n) {
  const auto& f = world.firms;
  const double sensitivity = world.parameters().price_sensitivity;
  const double price = relative_price(world, n);
  const double cost = sensitivity > 0 && price != 1.0 ? std::pow(price, -sensitivity) : 1.0;
  return f.competitiveness[n] * std::exp(f.demand_shock[n]) * customer_base(world, n) * cost;
}

double appeal(const World& world, std::size_t n) {
  return world.scratch.appeal[n];
}

// Firm n's cost-shock factor, own-cost price and appeal for the month, once its debt
// service and shocks are set: nothing production reads them from changes them later in
// the month (competitiveness moved in the innovation phase before). In this order: the
// appeal reads the own-cost price through relative_price.
void cache_prices_and_appeal(World& world, std::size_t n) {
  auto& scratch = world.scratch;
  scratch.efficiency[n] = compute_cost_shock_factor(world, n);
  scratch.own_cost_price[n] = compute_own_cost_price(world, scratch.efficiency[n]);
  scratch.appeal[n] = compute_appeal(world, n);
}

double labour_capacity(const World& world, std::size_t n) {
  const auto& f = world.firms;
  const auto& sector = world.scenario().sectors[std::size_t(f.sector[n])];
  return f.employees[n] * sector.revenue_per_employee * f.productivity[n];
}

// Capacity of the firm's capital: the output of the employees it equips.
double capital_capacity(const World& world, std::size_t n) {
  const auto& f = world.firms;
  const auto& sector = world.scenario().sectors[std::size_t(f.sector[n])];
  return f.capital[n] / world.parameters().investment_per_employee * sector.revenue_per_employee *
         f.productivity[n];
}

}  // namespace

double productive_capacity(const World& world, std::size_t n) {
  return std::min(labour_capacity(world, n), capital_capacity(world, n));
}

namespace {

// Labour and capital capacity times the availability of critical inputs (set first
// each month).
double usable_capacity(const World& world, std::size_t n) {
  return productive_capacity(world, n) * world.firms.availability[n];
}

// Loan payments due this month (interest + amortisation) over capacity at price 1.
double debt_service_share(const World& world, int i) {
  const auto& f = world.firms;
  double payments = 0;
  for (std::size_t k = std::size_t(i) * kLoanSlots; k < std::size_t(i + 1) * kLoanSlots; ++k)
    if (f.loan_months_left[k] > 0) payments += f.loan_payment[k];
  const double capacity = productive_capacity(world, std::size_t(i));
  return payments > 0 && capacity > 0 ? payments / capacity : 0.0;
}

// Capacity the firm can sell to civilians: usable capacity less defence orders and
// defence lines freed but not yet converted (idle).
double civilian_capacity(const World& world, std::size_t n, double usable) {
  const auto& f = world.firms;
  return std::max(0.0, usable - defence_volume(world, n) - f.idle_defence[n]);
}

// Capacity left for the domestic civilian market after defence orders and exports; what
// lost export markets leave idle is offered at home (firms move capacity between markets:
// Almunia, Antras, Lopez-Rodriguez and Morales 2021, "Venting Out").
double domestic_capacity(const World& world, int i, double usable) {
  const auto n = std::size_t(i);
  const double exported = world.firms.export_share[n] * (1.0 - world.environment.export_loss);
  return civilian_capacity(world, n, usable) * (1.0 - exported);
}

// The firm's idiosyncratic unit cost (log AR(1) with stationary s.d. cost_shock and
// annual persistence): drawn from the stationary law in the firm's first month, so the
// initial population and entrants are as dispersed as incumbents (Hopenhayn 1992).
// rho: the monthly persistence, cost_shock_persistence^(1/12), taken once a month.
void update_cost_shock(World& world, int i, double rho) {
  auto& f = world.firms;
  const auto& p = world.parameters();
  const auto n = std::size_t(i);
  if (p.cost_shock <= 0) {  // also when an event switches the shock off mid-run
    f.cost_shock[n] = 0;
    return;
  }
  auto rng = world.streams()(AgentKind::firm, std::uint32_t(i), Purpose::cost_shock);
  const double eps = boost::random::normal_distribution<double>(0.0, 1.0)(rng);
  f.cost_shock[n] = f.margin_months[n] == 0
                        ? p.cost_shock * eps
                        : rho * f.cost_shock[n] + p.cost_shock * std::sqrt(1.0 - rho * rho) * eps;
}

// Per firm, once: capacity lost to missing imports and licences, the idiosyncratic cost
// shock, and the idiosyncratic demand shock (the same spread at every size).
void update_availability_and_shocks(World& world) {
  auto& f = world.firms;
  const auto& p = world.parameters();
  const auto streams = world.streams();
  const double rho = std::pow(p.cost_shock_persistence, 1.0 / 12.0);
  for_each_alive_firm(world, [&](int i) {
    const auto n = std::size_t(i);
    const double capacity = productive_capacity(world, n);
    f.availability[n] = input_availability(world, i);
    f.shortage_loss[n] = capacity - capacity * f.availability[n];
    f.debt_cost[n] = debt_service_share(world, i);
    update_cost_shock(world, i, rho);
    if (p.demand_shock > 0) {
      auto rng = streams(AgentKind::firm, std::uint32_t(i), Purpose::demand_shock);
      f.demand_shock[n] =
          p.demand_shock_persistence * f.demand_shock[n] +
          p.demand_shock * boost::random::normal_distribution<double>(0.0, 1.0)(rng);
    }
    cache_prices_and_appeal(world, n);
  });
}

// Real demand of sector s at its current price and buyers' real income.
double demand_at_price(const World& world, std::size_t s) {
  const auto& e = world.environment;
  return e.sector_demand[s] * std::pow(e.sector_price[s], -world.parameters().demand_elasticity) *
         e.income_factor;
}

// Real demand of sector s that buyers place with the cluster's firms: all of it without
// foreign suppliers.
double domestic_demand(const World& world, std::size_t s) {
  return demand_at_price(world, s) * world.environment.domestic_share[s];
}

// Domestic demand per sector for the firms' sales and plans: their loops change neither
// prices, demand, buyers' income nor import shares, so each sector's is taken once, after
// imports have taken their share (one pow per sector, not two per firm).
void take_domestic_demand(World& world) {
  auto& e = world.environment;
  for (std::size_t s = 0; s < e.sector_domestic_demand.size(); ++s)
    e.sector_domestic_demand[s] = domestic_demand(world, s);
}

double exchange_index(const World& world) {
  return world.environment.exchange_rate / world.environment.exchange_rate_start;
}

// Buyers' nominal income follows domestic prices (wages are indexed to them), while a
// share of what they spend goes on imports priced at the exchange rate; a real
// devaluation therefore cuts the real income they spend on the cluster's goods, with
// the income elasticity of that demand (docs/model.md 3.7, "Buyers' real income").
void update_income_factor(World& world) {
  const auto& p = world.parameters();
  const double exponent = p.absorption_import_share * p.income_elasticity;
  const double price = mean_sector_price(world);
  world.environment.income_factor =
      exponent > 0 && price > 0 ? std::pow(exchange_index(world) / price, -exponent) : 1.0;
}

// Buyers' split of each sector's demand between its firms and imports (Armington): the
// foreign weight is fixed in the first month so that imports serve the sector's
// import_share, then moves with foreign suppliers' presence and the relative price of
// imports.
void share_markets_with_imports(World& world) {
  auto& e = world.environment;
  const auto& p = world.parameters();
  const auto& sectors = world.scenario().sectors;
  for (std::size_t s = 0; s < sectors.size(); ++s) {
    if (sectors[s].import_share <= 0) continue;
    // Set in the first month the sector's firms offer anything, per unit of real demand,
    // so that foreign suppliers grow with the market as domestic ones may.
    if (e.foreign_weight_start[s] < 0 && e.sector_supply[s] > 0)
      e.foreign_weight_start[s] =
          rules::foreign_weight_at_start(e.sector_supply[s], sectors[s].import_share) /
          e.sector_demand[s];
    if (e.foreign_weight_start[s] < 0) continue;  // no domestic supply yet: shares as at start
    const double foreign =
        rules::foreign_weight(e.foreign_weight_start[s] * e.sector_demand[s], e.foreign_presence[s],
                              exchange_index(world), e.sector_price[s], p.import_elasticity);
    e.domestic_share[s] = rules::domestic_market_share(e.sector_supply[s], foreign);
    e.sector_imports[s] = demand_at_price(world, s) * (1.0 - e.domestic_share[s]);
  }
}

// Weighted domestic supply per sector, summed in firm order.
void sum_sector_supply(World& world) {
  const auto& f = world.firms;
  auto& e = world.environment;
  std::fill(e.sector_supply.begin(), e.sector_supply.end(), 0.0);
  std::fill(e.sector_capacity.begin(), e.sector_capacity.end(), 0.0);
  for (int i = 0; i < f.capacity; ++i) {
    stop_point(i);
    const auto n = std::size_t(i);
    if (!f.alive[n]) continue;
    const double domestic = domestic_capacity(world, i, usable_capacity(world, n));
    e.sector_supply[std::size_t(f.sector[n])] += domestic * appeal(world, n);
    e.sector_capacity[std::size_t(f.sector[n])] += domestic;
  }
}

// Layoffs take idle defence lines first: they close, so the defence share of what
// remains falls and the lines that still have orders are kept.
void lay_off_idle_lines(World& world, std::size_t n, double employees) {
  auto& f = world.firms;
  const double lines = labour_capacity(world, n) * f.availability[n];
  const double kept = employees / f.employees[n];
  const double closed = std::min(f.idle_defence[n], lines * (1.0 - kept));
  f.idle_defence[n] -= closed;
  if (lines > 0)
    f.defence_share[n] = std::clamp((f.defence_share[n] - closed / lines) / kept, 0.0, 1.0);
}

// Share of the full wage bill paid: workers idled by missing critical inputs or licences
// (the share 1 - availability) are on downtime pay (Labour Code art. 157: two thirds).
double downtime_factor(const World& world, std::size_t n) {
  const double idle = 1.0 - world.firms.availability[n];
  return idle > 0 ? 1.0 - idle * (1.0 - world.parameters().downtime_pay) : 1.0;
}

// Adds to firm i's inputs those for sales worth `at_sales_prices` (the input share of them) and
// `at_list_prices` (the same inputs valued at list prices), at its cost-shock factor: the
// domestic part at sales prices, critical imports at the rouble import price
// (rules::input_bill; docs/model.md 3.7, "Input costs").
void buy_inputs(World& world, int i, double at_sales_prices, double at_list_prices) {
  auto& f = world.firms;
  const auto n = std::size_t(i);
  const double efficiency = cost_shock_factor(world, n);
  const auto imported = imported_inputs(world, i);
  const double list = at_list_prices * efficiency;
  f.inputs_at_list_prices[n] += list;
  f.input_costs[n] +=
      rules::input_bill(at_sales_prices * efficiency, list, imported.share, imported.cost);
}

// Firm i's exports, domestic sales and costs this month.
void sell(World& world, int i) {
  auto& f = world.firms;
  const auto& e = world.environment;
  const auto n = std::size_t(i);
  const auto s = std::size_t(f.sector[n]);
  const double usable = usable_capacity(world, n);
  const double civilian = civilian_capacity(world, n, usable);
  // Exports are priced abroad: their rouble revenue moves with the exchange rate.
  const double export_volume = f.export_share[n] * civilian * (1.0 - e.export_loss);
  const double index = exchange_index(world);
  f.export_revenue[n] = index == 1.0 ? export_volume : export_volume * index;
  const double domestic_cap = domestic_capacity(world, i, usable);
  const double supply = e.sector_supply[s];
  // Real demand placed with the cluster's firms at the sector's price; sold volume valued
  // at that price (exports at the exchange rate, defence orders at defence_price).
  const double price = e.sector_price[s];
  const double demand = e.sector_domestic_demand[s];
  const double volume_home =
      supply > 0 ? std::min(domestic_cap, demand * domestic_cap * appeal(world, n) / supply) : 0.0;
  const double volume = volume_home + export_volume + defence_volume(world, n);
  f.output_volume[n] = volume;
  // The firm's price carries its debt service (unit-cost factor 1 + debt_cost) and the
  // passed-on part of its cost shock (relative_price). Domestic inputs follow sales before
  // the latter, critical imports the volume (rules::input_bill).
  const double home_sales = volume_home * price * (1.0 + f.debt_cost[n]);
  const double before_pass = home_sales + f.export_revenue[n] + f.defence_revenue[n];
  const double own_cost = own_cost_price(world, n);
  const double sales = own_cost == 1.0 ? before_pass : before_pass + home_sales * (own_cost - 1.0);
  f.revenue[n] = sales;
  // The cost shock is a TFP shock: a less efficient firm needs more of every input,
  // materials and labour alike, per unit of output.
  const double share = world.scenario().sectors[s].input_cost_share;
  f.inputs_at_list_prices[n] = 0;
  f.input_costs[n] = 0;
  buy_inputs(world, i, share * before_pass, share * volume);
  const double efficiency = cost_shock_factor(world, n);
  f.wage_bill[n] = current_wage(world) * f.employees[n] * efficiency * downtime_factor(world, n);
}

// Firm i's sales of import substitutes to the cluster's firms (buy_substitutes) join its
// revenue, with the inputs to make them; then employment and investment follow what it
// sold, and the accounts are settled.
void adjust(World& world, int i) {
  auto& f = world.firms;
  const auto& e = world.environment;
  const auto& p = world.parameters();
  const auto n = std::size_t(i);
  const auto s = std::size_t(f.sector[n]);
  const double substitutes = substitute_revenue(world, i);
  if (substitutes > 0) {
    f.revenue[n] += substitutes;
    // Substitutes sell at the rouble price of the imports they replace (list price times
    // the exchange-rate index): their volume is that revenue over the index.
    const double share = world.scenario().sectors[s].input_cost_share;
    buy_inputs(world, i, share * substitutes, share * substitutes / exchange_index(world));
  }
  const double sales = f.revenue[n];
  const double usable = usable_capacity(world, n);
  const double volume = f.output_volume[n];
  const double demand = e.sector_domestic_demand[s];
  // Employment follows sales: shrink when capacity idles; when sold out and profitable,
  // plan to meet the firm's own unmet demand, what buyers asked of it beyond its domestic
  // capacity (K+S: desired output follows the firm's expected demand), so capacity follows
  // appeal and market shares move toward the firms buyers favour (replicator dynamics).
  // Capital to equip the workforce wanted is the investment demand, so finance is what
  // bounds expansion: settle_accounts pays what retained earnings allow,
  // borrow_commercially the rest as far as the rate makes it worthwhile.
  const double utilisation = usable > 0 ? volume / usable : 0.0;
  const double margin = sales > 0 ? (sales - f.input_costs[n] - f.wage_bill[n]) / sales : -1.0;
  const double unmet = rules::excess_demand_for_firm(demand, appeal(world, n), e.sector_supply[s]);
  const double civilian_share = usable > 0 ? civilian_capacity(world, n, usable) / usable : 0.0;
  const double growth =
      margin > 0 ? rules::planned_growth(unmet, civilian_share, p.expansion_cap) : 0.0;
  const double desired = f.employees[n] * (utilisation < 0.999 ? utilisation : 1.0 + growth);
  const double employees =
      std::max(1.0, f.employees[n] + p.employment_adjustment * (desired - f.employees[n]));
  const double depreciated = f.capital[n] * (1.0 - p.capital_depreciation / 12.0);
  f.investment_gap[n] = std::max(0.0, p.investment_per_employee * employees - depreciated);
  if (f.idle_defence[n] > 0 && employees < f.employees[n]) lay_off_idle_lines(world, n, employees);
  f.employees[n] = employees;
  settle_accounts(world, i);
}

// Demand of sector s at its price over the capacity offered to it last month (1 before
// any month).
double demand_over_capacity(const World& world, std::size_t s) {
  const auto& e = world.environment;
  if (e.sector_capacity[s] <= 0) return 1.0;
  return domestic_demand(world, s) / e.sector_capacity[s];
}

// Dual use, after defence orders and input availability, in firm order: idle defence
// capacity is capped by the defence lines orders leave empty (orders that rise again take
// it back, as does a new product that lowers the defence share), then a share converts
// to civilian lines at a pace set by the workforce's competence and the sector's demand;
// part of what converts brings its own domestic customers.
void convert_defence_capacity(World& world) {
  auto& f = world.firms;
  const auto& p = world.parameters();
  for (int i = 0; i < f.capacity; ++i) {
    stop_point(i);
    const auto n = std::size_t(i);
    if (!f.alive[n] || f.idle_defence[n] <= 0) continue;
    const double capacity = labour_capacity(world, n) * f.availability[n];
    const double lines = f.defence_share[n] * capacity;
    f.idle_defence[n] =
        std::min(f.idle_defence[n], std::max(0.0, lines - defence_volume(world, n)));
    const auto s = std::size_t(f.sector[n]);
    const double competence =
        rules::knowledge_weighted_competence([&](int d) { return f.knowledge(i, d); },
                                             [&](int d) { return f.competence(i, d); }, f.domains);
    const double converted =
        rules::conversion_share(p.conversion_rate, competence, demand_over_capacity(world, s)) *
        f.idle_defence[n];
    f.idle_defence[n] -= converted;
    // Converted lines are civilian now: the state can no longer order on them.
    if (capacity > 0) f.defence_share[n] = std::max(0.0, f.defence_share[n] - converted / capacity);
    world.environment.sector_demand[s] +=
        p.conversion_demand * converted * (1.0 - f.export_share[n]);
    world.running.converted += converted;
  }
}

// Markup pricing: a sector's price carries its unit cost, 1 - a + a k with k its firms'
// input-cost factor (sales-weighted, summed in firm order by sum_sector_output) and a the
// inputs' share of cost times the pass-through; a change of k moves the price by the ratio
// of those levels, so a cost that returns takes the price back with it. Without mark-ups or
// exchange-rate moves k stays 1 and prices are left alone.
void pass_on_input_costs(World& world) {
  auto& e = world.environment;
  const auto& sectors = world.scenario().sectors;
  const double pass = world.parameters().cost_pass_through;
  for (std::size_t s = 0; s < sectors.size(); ++s) {
    if (!(e.sector_sales[s] > 0)) continue;  // no sales: no cost to follow
    const double factor = e.sector_cost_sum[s] / e.sector_sales[s];
    const double a = pass * sectors[s].input_cost_share;
    if (factor != e.sector_cost_factor[s] && a > 0)
      e.sector_price[s] *= (1.0 - a + a * factor) / (1.0 - a + a * e.sector_cost_factor[s]);
    e.sector_cost_factor[s] = factor;
  }
}

// Real output per sector and the sales-weighted input-cost factor, in firm order.
void sum_sector_output(World& world) {
  auto& e = world.environment;
  const auto& f = world.firms;
  std::fill(e.sector_output.begin(), e.sector_output.end(), 0.0);
  std::fill(e.sector_sales.begin(), e.sector_sales.end(), 0.0);
  std::fill(e.sector_cost_sum.begin(), e.sector_cost_sum.end(), 0.0);
  for (int i = 0; i < f.capacity; ++i) {
    stop_point(i);
    const auto n = std::size_t(i);
    if (!f.alive[n]) continue;
    const auto s = std::size_t(f.sector[n]);
    world.running.revenue += f.revenue[n];
    e.sector_output[s] += f.output_volume[n];
    e.sector_sales[s] += f.revenue[n];
    e.sector_cost_sum[s] += f.revenue[n] * input_cost_factor(world, i);
  }
}

// Prices move with excess demand (a capacity cut raises them); real demand grows.
void adjust_prices_and_demand(World& world) {
  auto& e = world.environment;
  const auto& p = world.parameters();
  const auto& sectors = world.scenario().sectors;
  for (std::size_t s = 0; s < sectors.size(); ++s) {
    const double demand = domestic_demand(world, s);
    const double clip = p.price_excess_clip;
    const double excess = e.sector_capacity[s] > 0
                              ? std::clamp(demand / e.sector_capacity[s] - 1.0, -clip, clip)
                              : 0.0;
    e.sector_price[s] *= 1.0 + p.price_adjustment * excess;
    e.sector_demand[s] *= std::pow(1.0 + sectors[s].demand_growth, 1.0 / 12.0);
  }
  pass_on_input_costs(world);
}

}  // namespace

void production_phase(World& world) {
  update_income_factor(world);
  update_supply(world);
  allocate_defence_orders(world);
  update_availability_and_shocks(world);
  convert_defence_capacity(world);
  sum_sector_supply(world);
  share_markets_with_imports(world);
  take_domestic_demand(world);
  for_each_alive_firm(world, [&](int i) { sell(world, i); });
  buy_substitutes(world);
  for_each_alive_firm(world, [&](int i) { adjust(world, i); });
  borrow_commercially(world);
  sum_sector_output(world);
  account_critical_inputs(world);
  adjust_prices_and_demand(world);
  index_wages(world);
}

}  // namespace clustersim
