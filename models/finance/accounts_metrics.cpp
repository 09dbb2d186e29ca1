// Metrics of the money ledger and of firms' balance sheets (docs/model.md 3.10): the
// stocks, the flows of the cash identity and its balance error.
#include "models/finance/money.hpp"
#include "models/metrics.hpp"
#include "sim/interrupt.hpp"

namespace clustersim {
namespace {

struct Stocks {
  double money = 0, loans = 0, commercial = 0, capital = 0, net_worth = 0, margin = 0,
         debt_cost = 0, receivables = 0, credit_line = 0;
  int firms = 0, insolvent = 0, loss_making = 0;
};

Stocks gather_stocks(const World& world) {
  Stocks s;
  const auto& f = world.firms;
  for (int i = 0; i < f.capacity; ++i) {
    stop_point(i);
    const auto n = std::size_t(i);
    if (!f.alive[n]) continue;
    s.money += f.cash[n];
    s.loans += debt_of(f, i, false);
    s.commercial += debt_of(f, i, true);
    s.capital += f.capital[n];
    s.receivables += f.receivables[n];
    s.credit_line += f.credit_line[n];
    const double worth = net_worth(f, i);
    s.net_worth += worth;
    s.insolvent += worth < 0;
    s.margin += f.profit_margin[n];
    s.loss_making += f.margin_months[n] > 0 && f.profit_margin[n] < 0;
    s.debt_cost += f.debt_cost[n];
    ++s.firms;
  }
  return s;
}

// Net inflow of money into firms this month (the right side of the cash identity).
double net_flows(const MonthTotals& m) {
  return m.sales - m.inputs - m.wages - m.rd - m.investment - m.taxes - m.interest - m.principal +
         m.grants_in + m.loans_new + m.equity - m.exit_cash - m.dividends - m.receivables;
}

}  // namespace

namespace {

using AccountsBuilder = MetricGroupBuilder<World, Stocks>;
using K = MetricKind;
using W = const World&;
using S = const Stocks&;

// Money and the flows of the cash identity.
void add_ledger_metrics(AccountsBuilder& b) {
  b.add("money_stock", "mln RUB", K::stock, MetricRange::any(),
        "Cash of all firms alive at the end of the month (money); below 0 when distressed firms' "
        "overdrafts outweigh the others' cash (as cash).",
        [](W, S s) { return s.money; });
  b.add("flow_sales", "mln RUB/month", K::flow, MetricRange::nonnegative(),
        "Sales of firms alive in production (domestic, export and defence).",
        [](W w, S) { return w.month.sales; });
  b.add("flow_inputs", "mln RUB/month", K::flow, MetricRange::nonnegative(),
        "Purchased inputs paid.", [](W w, S) { return w.month.inputs; });
  b.add("flow_substitute_sales", "mln RUB/month", K::flow, MetricRange::nonnegative(),
        "Import substitutes the cluster's firms bought from its holders of substitutes: part "
        "of flow_inputs of the buyers and of flow_sales of the holders, money moving between "
        "firms (docs/model.md 3.9).",
        [](W w, S) { return w.month.substitute_sales; });
  b.add("flow_wages", "mln RUB/month", K::flow, MetricRange::nonnegative(), "Wages paid.",
        [](W w, S) { return w.month.wages; });
  b.add("flow_rd", "mln RUB/month", K::flow, MetricRange::nonnegative(),
        "R&D spent (own budget and grants).", [](W w, S) { return w.month.rd; });
  b.add("flow_investment", "mln RUB/month", K::flow, MetricRange::nonnegative(),
        "Capital invested (replacement and expansion), from retained earnings and credit.",
        [](W w, S) { return w.month.investment; });
  b.add("flow_taxes", "mln RUB/month", K::flow, MetricRange::any(), "Profit tax paid.",
        [](W w, S) { return w.month.taxes; });
  b.add("flow_interest", "mln RUB/month", K::flow, MetricRange::nonnegative(),
        "Interest paid on all loans.", [](W w, S) { return w.month.interest; });
  b.add("flow_principal", "mln RUB/month", K::flow, MetricRange::nonnegative(),
        "Principal repaid on all loans.", [](W w, S) { return w.month.principal; });
  b.add("flow_grants", "mln RUB/month", K::flow, MetricRange::nonnegative(),
        "Grants received by firms.", [](W w, S) { return w.month.grants_in; });
  b.add("flow_loans_received", "mln RUB/month", K::flow, MetricRange::nonnegative(),
        "New loans paid out to firms (banks and funders).",
        [](W w, S) { return w.month.loans_new; });
  b.add("flow_receivables", "mln RUB/month", K::flow, MetricRange::any(),
        "Sales customers have not paid yet less payments for earlier sales (the change of "
        "receivables of firms alive in production); sales less this is the cash collected.",
        [](W w, S) { return w.month.receivables; });
  b.add("flow_equity", "mln RUB/month", K::flow, MetricRange::nonnegative(),
        "Cash new firms brought this month.", [](W w, S) { return w.month.equity; });
  b.add("flow_exit_cash", "mln RUB/month", K::flow, MetricRange::any(),
        "Cash held by firms when they exited this month.",
        [](W w, S) { return w.month.exit_cash; });
  b.add("money_balance_error", "mln RUB", K::flow, MetricRange::any(),
        "Change of money over the month less the net flows (sales - inputs - wages - R&D - "
        "investment - taxes - interest - principal + grants + loans + equity - exit cash - "
        "dividends - receivables); 0 up to rounding. 0 in the initial column.",
        [](W w, S s) {
          const bool opened = w.step > 0;  // the initial column has no month of flows
          return opened ? s.money - w.month.money_start - net_flows(w.month) : 0.0;
        });
}

// Debt, capital and the state of firms' balance sheets.
void add_balance_sheet_metrics(AccountsBuilder& b) {
  b.add("loans_outstanding", "mln RUB", K::stock, MetricRange::nonnegative(),
        "Principal outstanding of all loans of firms alive.", [](W, S s) { return s.loans; });
  b.add("commercial_debt", "mln RUB", K::stock, MetricRange::nonnegative(),
        "Principal outstanding of commercial (bank) loans, the working-capital line included.",
        [](W, S s) { return s.commercial; });
  b.add("stage_credit", "mln RUB/month", K::flow, MetricRange::nonnegative(),
        "Bank credit taken this month for scale-up stages of innovation projects (part of "
        "flow_loans_received).",
        [](W w, S) { return w.month.stage_credit; });
  b.add("stage_credit_cumulative", "mln RUB", K::cumulative, MetricRange::nonnegative(),
        "Bank credit taken for scale-up stages since the start.",
        [](W w, S) { return w.running.stage_credit; });
  b.add("credit_line", "mln RUB", K::stock, MetricRange::nonnegative(),
        "Outstanding on revolving working-capital lines (credit.receivables_advance x "
        "receivables at most).",
        [](W, S s) { return s.credit_line; });
  b.add("receivables", "mln RUB", K::stock, MetricRange::nonnegative(),
        "Sales of firms alive that customers have not paid yet (credit.collection_lag_months).",
        [](W, S s) { return s.receivables; });
  b.add("loans_defaulted", "loans/month", K::flow, MetricRange::nonnegative(),
        "Loans written off this month when their firm exited.",
        [](W w, S) { return double(w.month.loans_defaulted); });
  b.add("defaults", "mln RUB/month", K::flow, MetricRange::nonnegative(),
        "Principal written off this month.", [](W w, S) { return w.month.defaults; });
  b.add("flow_dividends", "mln RUB/month", K::flow, MetricRange::nonnegative(),
        "Paid to owners (dividends or withdrawals): owners.payout_share of cash above the "
        "target buffer.",
        [](W w, S) { return w.month.dividends; });
  b.add("capital", "mln RUB", K::stock, MetricRange::nonnegative(),
        "Productive capital of firms alive (after depreciation).",
        [](W, S s) { return s.capital; });
  b.add("net_worth", "mln RUB", K::stock, MetricRange::any(),
        "Cash + capital + receivables - debt of firms alive.", [](W, S s) { return s.net_worth; });
  b.add("firms_insolvent", "firms", K::stock, MetricRange::nonnegative(),
        "Firms alive with negative net worth.", [](W, S s) { return double(s.insolvent); });
  b.add("profit_margin_mean", "1", K::stock, MetricRange::any(),
        "Mean over surviving firms of the smoothed net profit margin (after depreciation, "
        "interest and taxes).",
        [](W, S s) { return s.firms > 0 ? s.margin / s.firms : 0.0; });
  b.add("loss_making_share", "1", K::stock, MetricRange::share(),
        "Share of surviving firms whose smoothed net margin is negative (Rosstat reports the "
        "share of loss-making organisations).",
        [](W, S s) { return s.firms > 0 ? double(s.loss_making) / s.firms : 0.0; });
  b.add("debt_cost_mean", "1", K::stock, MetricRange::nonnegative(),
        "Mean over surviving firms of loan payments (interest + amortisation) / capacity: the "
        "unit-cost share of debt service.",
        [](W, S s) { return s.firms > 0 ? s.debt_cost / s.firms : 0.0; });
  b.add("exits_insolvency", "firms/month", K::flow, MetricRange::nonnegative(),
        "Exits this month after months of negative net worth or of cash below the floor "
        "without credit.",
        [](W w, S) { return double(w.month.exits_insolvency); });
  b.add("exits_low_profit", "firms/month", K::flow, MetricRange::nonnegative(),
        "Exits this month for persistently low profitability.",
        [](W w, S) { return double(w.month.exits_low_profit); });
  b.add("insolvent_shielded", "firms", K::stock, MetricRange::nonnegative(),
        "Firms insolvent long enough to exit that a bankruptcy moratorium keeps in the market "
        "this month ([[bankruptcy_moratorium]]); those still insolvent when it ends exit then.",
        [](W w, S) { return double(w.month.insolvent_shielded); });
  b.add("key_rate", "1/year", K::stock, MetricRange::nonnegative(),
        "Bank of Russia key rate in force this month.",
        [](W w, S) { return w.environment.key_rate; });
}

}  // namespace

MetricGroup<World> accounts_metrics() {
  AccountsBuilder b;
  add_ledger_metrics(b);
  add_balance_sheet_metrics(b);
  return std::move(b).build([](const World& world, Stocks& s) { s = gather_stocks(world); });
}

}  // namespace clustersim
