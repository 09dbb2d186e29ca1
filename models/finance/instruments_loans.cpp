// Public instruments, second half: soft loans (IDF, industrial mortgage, cluster
// platform), defence orders bought in the production phase, and the instrument
// metrics. docs/model.md, "Public instruments", gives the rules; soft loans are
// opened with take_loan and count as public money lent.
#include <algorithm>
#include <array>
#include <utility>

#include "models/finance/instruments_common.hpp"
#include "models/finance/money.hpp"
#include "models/innovation/project_cost.hpp"
#include "models/metrics.hpp"
#include "models/phases.hpp"
#include "sim/interrupt.hpp"

namespace clustersim {
namespace {

using namespace instruments;

bool holds_loan_of(const World& world, std::size_t n, std::size_t k) {
  const auto& f = world.firms;
  for (std::size_t s = n * kLoanSlots; s < (n + 1) * kLoanSlots; ++s)
    if (f.loan_months_left[s] > 0 && f.loan_funder[s] == static_cast<std::int16_t>(k)) return true;
  return false;
}

// Amount firm i asks funder k for, or 0 when it does not apply. IDF: a project in the
// TRL window, whose budget is what it still costs until complete; the Fund lends
// (1 - cofinancing) of it, and the borrower must bring the rest from a year of its
// innovation budget, this month's grants (of funders acting before the IDF) and its free cash, the
// cash above its target buffer (IDF terms: co-financing by the applicant, investors or banks; the
// buffer is working capital, not money for the project). Mortgage and platform: firms that are
// investing (sold out and growing), a year of that investment.
double loan_request(const World& world, std::size_t k, int i) {
  const auto& f = world.firms;
  const auto& funders = world.funders;
  const auto& p = world.parameters();
  const auto n = std::size_t(i);
  if (funders.kind[k] == FunderKind::idf_loan) {
    const int trl = f.project_trl[n];
    if (trl < funders.min_trl[k] || trl > funders.max_trl[k]) return 0;
    const double project = project_remaining_cost(world, i);
    const double own =
        12.0 * f.rd_budget[n] * p.rd_innovation_share + f.grant_received[n] + free_cash(world, i);
    if (own < funders.cofinancing[k] * project) return 0;
    return (1.0 - funders.cofinancing[k]) * project;
  }
  return 12.0 * f.investment[n];
}

double loan_rate(const World& world, std::size_t k, std::size_t n) {
  const auto& terms = world.scenario().funders[k];
  const bool technology =
      world.funders.kind[k] == FunderKind::industrial_mortgage && world.firms.technology_company[n];
  return terms.rate_key_multiple * world.environment.key_rate +
         (technology ? terms.rate_technology : terms.rate);
}

}  // namespace

// Soft loans: applicants ranked by score are lent their request (capped by
// max_loan, at least min_loan) until the year's budget is lent.
void instruments::run_soft_loans(World& world, std::size_t k) {
  auto& funders = world.funders;
  auto& f = world.firms;
  const auto& terms = world.scenario().funders[k];
  auto& ids = world.scratch.ids;
  auto& scores = world.scratch.scores;
  int applicants = 0;
  for (int i = 0; i < f.capacity; ++i) {
    stop_point(i);
    const auto n = std::size_t(i);
    if (!f.alive[n] || !eligible(world, k, n) || holds_loan_of(world, n, k)) continue;
    if (std::min(terms.max_loan, loan_request(world, k, i)) < terms.min_loan) continue;
    // A soft loan is taken only when its terms beat the firm's commercial credit.
    if (loan_rate(world, k, n) >= commercial_rate(world, i)) continue;
    ids[std::size_t(applicants)] = i;
    scores[n] = firm_score(world, terms, i);
    ++applicants;
  }
  rank(world, applicants);
  for (int a = 0; a < applicants; ++a) {
    const int i = ids[std::size_t(a)];
    const auto n = std::size_t(i);
    const double amount =
        std::min({terms.max_loan, loan_request(world, k, i), budget_left(funders, k)});
    if (amount < terms.min_loan) continue;
    if (!take_loan(world, i, amount, loan_rate(world, k, n), terms.term_months, int(k))) continue;
    if (funders.kind[k] == FunderKind::idf_loan) f.earmarked[n] += amount;
    funders.loans_outstanding[k] += amount;
    ++world.month.loans_granted[std::size_t(funders.kind[k])];
    count_payment(world, k, amount);
  }
}

namespace {

double labour_capacity(const World& world, std::size_t n) {
  const auto& f = world.firms;
  const auto& sector = world.scenario().sectors[std::size_t(f.sector[n])];
  return f.employees[n] * sector.revenue_per_employee * f.productivity[n];
}

// What funder k may still buy from firm i this month (capacity): its defence share of usable
// capacity, less orders already placed by other funders.
double defence_room(const World& world, std::size_t k, int i) {
  const auto& f = world.firms;
  const auto n = std::size_t(i);
  if (!f.alive[n] || !f.dual_use[n] || !eligible(world, k, n)) return 0.0;
  const double usable = labour_capacity(world, n) * input_availability(world, i);
  return std::max(0.0, f.defence_share[n] * usable - defence_volume(world, n));
}

// What funder k's orders on all the room it has left would cost at this month's prices
// (equal to the room while prices are at 1).
double room_value(const World& world, std::size_t k) {
  double value = 0;
  for (int i = 0; i < world.firms.capacity; ++i) {
    const double room = defence_room(world, k, i);
    if (room > 0) value += room * defence_price(world, std::size_t(i));
  }
  return value;
}

// A monthly budget below what funder k bought last month frees the difference: each
// firm's part in proportion to its room (orders are proportional to room), idle until
// converted (convert_defence_capacity). A fall of orders with room (firms shrinking,
// new civilian products) frees nothing.
void release_capacity(World& world, std::size_t k, double monthly, double value) {
  auto& f = world.firms;
  const double cut = world.funders.orders_last[k] - monthly;
  // Relative tolerance: the last month of a year may be a rounding below the others.
  if (value <= 0 || cut <= 1e-9 * world.funders.orders_last[k]) return;
  for (int i = 0; i < f.capacity; ++i) {
    stop_point(i);
    const double part = defence_room(world, k, i);
    if (part > 0) f.idle_defence[std::size_t(i)] += cut * part / value;
  }
}

}  // namespace

double defence_price(const World& world, std::size_t n) {
  const double sector_price = world.environment.sector_price[std::size_t(world.firms.sector[n])];
  return 1.0 + world.parameters().defence_price_indexation * (sector_price - 1.0);
}

double defence_volume(const World& world, std::size_t n) {
  const double revenue = world.firms.defence_revenue[n];
  return revenue > 0 ? revenue / defence_price(world, n) : 0.0;
}

// Each defence funder buys, at this month's prices, the same share of every eligible
// firm's room, up to its monthly budget (a twelfth of the year's, at most what is left).
void allocate_defence_orders(World& world) {
  auto& f = world.firms;
  auto& funders = world.funders;
  std::fill(f.defence_revenue.begin(), f.defence_revenue.end(), 0.0);
  double paid = 0;
  for (std::size_t k = 0; k < std::size_t(funders.count); ++k) {
    if (funders.kind[k] != FunderKind::defence_orders) continue;
    const double monthly = std::min(funders.annual_budget[k] / 12.0, budget_left(funders, k));
    const double value = room_value(world, k);
    release_capacity(world, k, monthly, value);
    funders.orders_last[k] = 0;
    if (monthly <= 0 || value <= 0) continue;
    const double share = std::min(1.0, monthly / value);
    double spent = 0;
    for (int i = 0; i < f.capacity; ++i) {
      stop_point(i);
      const double order = share * defence_room(world, k, i);
      if (order <= 0) continue;
      const double revenue = order * defence_price(world, std::size_t(i));
      f.defence_revenue[std::size_t(i)] += revenue;
      spent += revenue;
    }
    count_payment(world, k, spent);
    funders.orders_last[k] = spent;
    paid += spent;
  }
  world.running.public_money += paid;
  world.running.defence_procurement += paid;
}

namespace {

// What the instrument metrics read, gathered in one pass.
struct InstrumentTotals {
  std::array<double, kFunderKinds> by_kind{};          // paid or lent this month
  std::array<double, kFunderKinds> spent{}, budget{};  // this year, by kind
  int selected = 0;
  double defence = 0, civilian = 0, idle = 0, centers = 0;
};

void gather_instruments(const World& world, InstrumentTotals& t) {
  t = InstrumentTotals{};
  const auto& funders = world.funders;
  const std::size_t clusters = world.scenario().clusters.size();
  for (std::size_t k = 0; k < std::size_t(funders.count); ++k) {
    const auto kind = std::size_t(funders.kind[k]);
    t.by_kind[kind] += funders.disbursed_month[k];
    t.spent[kind] += funders.spent_this_year[k];
    t.budget[kind] += funders.annual_budget[k];
    for (std::size_t c = 0; c < clusters; ++c)
      t.selected += funders.selected_cluster[k * clusters + c];
  }
  const auto& f = world.firms;
  for (int i = 0; i < f.capacity; ++i) {
    stop_point(i);
    const auto n = std::size_t(i);
    if (!f.alive[n] || !f.dual_use[n]) continue;
    t.defence += f.defence_revenue[n];
    t.civilian += std::max(0.0, f.revenue[n] - f.defence_revenue[n]);
    t.idle += f.idle_defence[n];
  }
  // Centers are paid during a month: nothing in column 0 (the state before month 1),
  // so public_money_cumulative is the sum of the public_money_* flows in every column.
  for (int k = 0; world.step > 0 && k < world.centers.count; ++k)
    if (world.centers.active[std::size_t(k)])
      t.centers += world.centers.funding[std::size_t(k)] / 12.0;
}

double innovations_so_far(const World& world) {
  const auto& innovations = world.running.innovations;
  return double(innovations[0] + innovations[1] + innovations[2]);
}

using InstrumentBuilder = MetricGroupBuilder<World, InstrumentTotals>;

// Per funder kind: money paid or lent, placement against budget, loans granted.
void add_funder_kind_metrics(InstrumentBuilder& b) {
  using K = MetricKind;
  using W = const World&;
  using T = const InstrumentTotals&;
  for (const auto& info : kFunderKindInfo) {
    const auto k = std::size_t(info.kind);
    b.add("public_money_" + std::string(info.name), "mln RUB/month", K::flow,
          MetricRange::nonnegative(), std::string(info.money),
          [k](W, T t) { return t.by_kind[k]; });
  }
  // Placement against budget: what the kind's funders paid or lent this year so far over
  // their annual budgets (December: the year's placement; 0 without a budget).
  for (const auto& info : kFunderKindInfo) {
    const auto k = std::size_t(info.kind);
    b.add("budget_placed_" + std::string(info.name), "1", K::stock, MetricRange::nonnegative(),
          "Share of this year's budget of " + std::string(info.name) +
              " funders paid or lent so far (December: the year's placement).",
          [k](W, T t) { return t.budget[k] > 0 ? t.spent[k] / t.budget[k] : 0.0; });
  }
  for (const auto kind :
       {FunderKind::idf_loan, FunderKind::industrial_mortgage, FunderKind::cluster_platform}) {
    const auto k = std::size_t(kind);
    b.add("loans_granted_" + std::string(kFunderKindInfo[k].name), "loans/month", K::flow,
          MetricRange::nonnegative(),
          "Soft loans granted this month by " + std::string(kFunderKindInfo[k].name) + " funders.",
          [k](W w, T) { return double(w.month.loans_granted[k]); });
  }
}

// Public money in total and per rouble (defence procurement left out).
void add_public_money_metrics(InstrumentBuilder& b) {
  using K = MetricKind;
  using W = const World&;
  using T = const InstrumentTotals&;
  b.add("public_money_cumulative", "mln RUB", K::cumulative, MetricRange::nonnegative(),
        "Public money since the start, every instrument (loans at the amount lent).",
        [](W w, T) { return w.running.public_money; });
  b.add("clusters_selected", "clusters", K::stock, MetricRange::nonnegative(),
        "Cluster programmes selected by cluster-subsidy funders.",
        [](W, T t) { return double(t.selected); });
  b.add("defence_procurement_cumulative", "mln RUB", K::cumulative, MetricRange::nonnegative(),
        "Defence orders paid since the start (part of public_money_cumulative; procurement, "
        "left out of the per-rouble metrics).",
        [](W w, T) { return w.running.defence_procurement; });
  b.add("innovations_per_bn_public", "innovations/bn RUB", K::stock, MetricRange::nonnegative(),
        "Innovations completed per bn RUB of cumulative public support: public money less "
        "defence procurement (0 before any).",
        [](W w, T) {
          const double money = w.running.public_money - w.running.defence_procurement;
          return money > 0 ? innovations_so_far(w) / (money / 1000.0) : 0.0;
        });
  b.add("revenue_per_rub_public", "RUB/RUB", K::stock, MetricRange::nonnegative(),
        "Cumulative revenue of all firms per rouble of cumulative public support: public money "
        "less defence procurement (0 before any).",
        [](W w, T) {
          const double money = w.running.public_money - w.running.defence_procurement;
          return money > 0 ? w.running.revenue / money : 0.0;
        });
}

// Output of dual-use firms and the conversion of freed defence capacity.
void add_dual_use_metrics(InstrumentBuilder& b) {
  using K = MetricKind;
  using W = const World&;
  using T = const InstrumentTotals&;
  b.add("defence_output", "mln RUB/month", K::flow, MetricRange::nonnegative(),
        "Defence orders delivered by dual-use firms.", [](W, T t) { return t.defence; });
  b.add("civilian_output", "mln RUB/month", K::flow, MetricRange::nonnegative(),
        "Civilian sales (domestic and export) of dual-use firms.",
        [](W, T t) { return t.civilian; });
  b.add("civilian_share_dual_use", "1", K::stock, MetricRange::share(),
        "Civilian output / all output of dual-use firms (0 when they sell nothing).", [](W, T t) {
          const double all = t.defence + t.civilian;
          return all > 0 ? t.civilian / all : 0.0;
        });
  b.add("idle_defence_capacity", "mln RUB/month", K::stock, MetricRange::nonnegative(),
        "Capacity of dual-use firms freed by shrinking defence orders and not yet converted to "
        "civilian lines (at price 1; idle, its staff still paid).",
        [](W, T t) { return t.idle; });
  b.add("converted_capacity_cumulative", "mln RUB/month", K::cumulative, MetricRange::nonnegative(),
        "Freed defence capacity converted to civilian lines since the start (at price 1).",
        [](W w, T) { return w.running.converted; });
}

}  // namespace

MetricGroup<World> instrument_metrics() {
  InstrumentBuilder b;
  add_funder_kind_metrics(b);
  add_public_money_metrics(b);
  add_dual_use_metrics(b);
  b.add("public_money_centers", "mln RUB/month", MetricKind::flow, MetricRange::nonnegative(),
        "Operating funding of the centers working this month (counted as public money).",
        [](const World&, const InstrumentTotals& t) { return t.centers; });
  return std::move(b).build(gather_instruments);
}

}  // namespace clustersim
