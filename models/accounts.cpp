// Accounts and credit (docs/model.md, "Accounts and credit"). Firms' cash changes only
// through the flows of the ledger: sales, inputs, wages, R&D, investment, taxes, loan
// interest and principal, grants, loans received, the cash new firms bring (equity)
// and the cash of firms that exit. Commercial credit follows K+S: a rate of key rate
// times a credit-class factor plus a bank mark-up, a ceiling of a multiple of annual
// sales less wages, annuity repayment; a firm without credit stays short and exits.
#include <algorithm>
#include <cmath>

#include "models/metrics.hpp"
#include "models/money.hpp"
#include "sim/interrupt.hpp"

namespace clustersim {
double debt_of(const FirmState& f, int i, bool commercial_only) {
  const auto base = std::size_t(i) * kLoanSlots;
  double debt = 0;
  for (std::size_t k = base; k < base + kLoanSlots; ++k)
    if (f.loan_months_left[k] > 0 && (!commercial_only || f.loan_funder[k] == kCommercialLoan))
      debt += f.loan_principal[k];
  return debt;
}

namespace {

// Credit class from debt over annual sales (cut-offs 0.25, 0.5 and 1; an assumption,
// K+S rank firms by the same ratio). A firm with debt and no sales is class 4.
int credit_class(double debt, double annual_sales) {
  if (debt <= 0) return 1;
  if (annual_sales <= 0) return 4;
  const double ratio = debt / annual_sales;
  return ratio < 0.25 ? 1 : ratio < 0.5 ? 2 : ratio < 1.0 ? 3 : 4;
}

std::size_t slot_base(int i) {
  return std::size_t(i) * kLoanSlots;
}

// No slot free: the new money is added to the firm's largest commercial loan, which is
// re-amortised over a full term at the new rate. Returns false without a commercial loan.
bool top_up_commercial(World& world, int i, double amount, double annual_rate, int months) {
  auto& f = world.firms;
  std::size_t best = 0;
  bool found = false;
  for (std::size_t k = slot_base(i); k < slot_base(i) + kLoanSlots; ++k) {
    if (f.loan_months_left[k] <= 0 || f.loan_funder[k] != kCommercialLoan) continue;
    if (!found || f.loan_principal[k] > f.loan_principal[best]) best = k;
    found = true;
  }
  if (!found) return false;
  const double rate = annual_rate / 12.0;
  f.loan_principal[best] += amount;
  f.loan_rate[best] = rate;
  f.loan_payment[best] = annuity_payment(f.loan_principal[best], rate, months);
  f.loan_months_left[best] = static_cast<std::int16_t>(months);
  f.loans_received[std::size_t(i)] += amount;
  f.cash[std::size_t(i)] += amount;
  return true;
}

// Flows of this month of every firm alive in production, in firm order.
void tally_flows(World& world) {
  const auto& f = world.firms;
  auto& m = world.month;
  m.sales = m.inputs = m.wages = m.rd = m.investment = m.taxes = 0;
  m.interest = m.principal = m.grants_in = m.loans_new = m.dividends = 0;
  for (int i = 0; i < f.capacity; ++i) {
    stop_point(i);
    const auto n = std::size_t(i);
    if (!f.alive[n]) continue;
    m.sales += f.revenue[n];
    m.inputs += f.input_costs[n];
    m.wages += f.wage_bill[n];
    m.rd += f.rd_spent[n];
    m.investment += f.investment[n];
    m.taxes += f.taxes[n];
    m.interest += f.interest_paid[n];
    m.principal += f.principal_repaid[n];
    m.grants_in += f.grant_received[n];
    m.loans_new += f.loans_received[n];
    m.dividends += f.dividends[n];
  }
}

}  // namespace

double annuity_payment(double principal, double monthly_rate, int months) {
  if (months <= 0) return principal;
  if (monthly_rate <= 0) return principal / months;
  return principal * monthly_rate / (1.0 - std::pow(1.0 + monthly_rate, -months));
}

// The caller records a funder's new loan in funders.loans_outstanding (instruments do);
// service_loans and default_loans take repayments and write-offs out of it.
bool take_loan(World& world, int i, double principal, double annual_rate, int months, int funder) {
  auto& f = world.firms;
  if (months <= 0) return false;
  for (std::size_t k = slot_base(i); k < slot_base(i) + kLoanSlots; ++k) {
    if (f.loan_months_left[k] > 0) continue;
    const double rate = annual_rate / 12.0;
    f.loan_principal[k] = principal;
    f.loan_rate[k] = rate;
    f.loan_payment[k] = annuity_payment(principal, rate, months);
    f.loan_months_left[k] = static_cast<std::int16_t>(months);
    f.loan_funder[k] = static_cast<std::int16_t>(funder);
    f.loans_received[std::size_t(i)] += principal;
    f.cash[std::size_t(i)] += principal;
    return true;
  }
  return false;
}

// Sequential (funders' outstanding totals are shared), ascending firm order. Also opens
// the month's ledger: the money stock before any flow, and the per-firm loan flows
// reset (loans_received here, so loans that public instruments grant later in the
// finance phase count this month).
void service_loans(World& world) {
  auto& f = world.firms;
  auto& funders = world.funders;
  double money = 0;
  for (int i = 0; i < f.capacity; ++i) {
    stop_point(i);
    const auto n = std::size_t(i);
    if (!f.alive[n]) continue;
    money += f.cash[n];
    f.interest_paid[n] = 0;
    f.principal_repaid[n] = 0;
    f.loans_received[n] = 0;
    for (std::size_t k = slot_base(i); k < slot_base(i) + kLoanSlots; ++k) {
      if (f.loan_months_left[k] <= 0) continue;
      const double interest = f.loan_principal[k] * f.loan_rate[k];
      // The last payment repays what is left, so rounding never leaves a residue.
      const double repaid = f.loan_months_left[k] == 1
                                ? f.loan_principal[k]
                                : std::min(f.loan_principal[k], f.loan_payment[k] - interest);
      f.cash[n] -= interest + repaid;  // paid even when cash goes negative
      f.interest_paid[n] += interest;
      f.principal_repaid[n] += repaid;
      f.loan_principal[k] -= repaid;
      --f.loan_months_left[k];
      if (f.loan_funder[k] >= 0) funders.loans_outstanding[std::size_t(f.loan_funder[k])] -= repaid;
      if (f.loan_months_left[k] == 0) f.loan_principal[k] = 0;
    }
  }
  world.month.money_start = money;
}

void settle_accounts(World& world, int i) {
  auto& f = world.firms;
  const auto& p = world.parameters();
  const auto n = std::size_t(i);
  // Capital depreciates; depreciation is a cost for profit but no cash flow.
  const double depreciation = f.capital[n] * p.capital_depreciation / 12.0;
  f.capital[n] -= depreciation;
  const double operating =
      f.revenue[n] - f.input_costs[n] - f.wage_bill[n] - f.rd_spent[n] + f.grant_received[n];
  const double profit = operating - f.interest_paid[n] - depreciation;
  f.taxes[n] = p.profit_tax * std::max(0.0, profit);
  // Interest and principal left cash in service_loans, loans came in when taken.
  f.cash[n] += operating - f.taxes[n];
  // Pecking order: investment is paid from retained earnings (cash above the target
  // buffer of months of cash costs) first; what is left waits for credit
  // (borrow_commercially).
  const double buffer = p.cash_buffer_months * (f.input_costs[n] + f.wage_bill[n] +
                                                f.interest_paid[n] + f.principal_repaid[n]);
  const double internal = std::clamp(f.cash[n] - buffer, 0.0, std::max(0.0, f.investment_gap[n]));
  f.investment[n] = internal;
  f.capital[n] += internal;
  f.cash[n] -= internal;
  f.investment_gap[n] -= internal;
  // Owners take a share of the cash still above the buffer.
  f.dividends[n] = p.payout_share * std::max(0.0, f.cash[n] - buffer);
  f.cash[n] -= f.dividends[n];
  // Smoothed net margin (exit on persistently low profitability).
  const double margin = f.revenue[n] > 0 ? (profit - f.taxes[n]) / f.revenue[n] : -1.0;
  // Seeded from the firm's first month and averaged over the months it has (a running
  // mean until profit_memory_months, an EMA of that span after), so a new firm's margin
  // is not pulled towards 0 by an empty memory.
  const int memory = std::max(1, p.profit_memory_months);
  const int months = std::min<int>(f.margin_months[n] + 1, memory);
  f.profit_margin[n] += (margin - f.profit_margin[n]) / double(months);
  f.margin_months[n] = static_cast<std::int16_t>(std::min(months, 32000));
  f.rd_budget[n] = f.cash[n] > 0 ? f.rd_intensity[n] * f.revenue[n] : 0.0;
}

double net_worth(const FirmState& f, int i) {
  return f.cash[std::size_t(i)] + f.capital[std::size_t(i)] - debt_of(f, i, false);
}

double investment_loan_demand(double gross_return, double rate, double depreciation) {
  if (gross_return <= 0) return 0.0;
  return std::clamp(1.0 - (rate + depreciation) / gross_return, 0.0, 1.0);
}

double commercial_rate(const World& world, int i) {
  const auto& f = world.firms;
  const auto& p = world.parameters();
  const int cls = credit_class(debt_of(f, i, false), 12.0 * f.revenue[std::size_t(i)]);
  return world.environment.key_rate * (1.0 + p.credit_class_step * (cls - 1)) + p.bank_markup;
}

void borrow_commercially(World& world) {
  auto& f = world.firms;
  const auto& p = world.parameters();
  for (int i = 0; i < f.capacity; ++i) {
    stop_point(i);
    const auto n = std::size_t(i);
    if (!f.alive[n]) continue;
    // Operating need: the shortfall plus a buffer of one month of wages.
    const double operating = f.cash[n] < 0 ? -f.cash[n] + f.wage_bill[n] : 0.0;
    if (operating <= 0 && f.investment_gap[n] <= 0) continue;
    const double rate = commercial_rate(world, i);
    // Investment loans: the gap scaled by how far the return on capital clears the user
    // cost (rate + depreciation), so loan demand falls as the rate rises (Jorgenson).
    const double gross =
        f.capital[n] > 0 ? 12.0 * (f.revenue[n] - f.input_costs[n] - f.wage_bill[n]) / f.capital[n]
                         : 0.0;
    const double invest =
        f.investment_gap[n] * investment_loan_demand(gross, rate, p.capital_depreciation);
    f.investment_gap[n] = 0;
    // K+S ceiling: a multiple of the larger of net worth and annual operating surplus.
    const double ceiling =
        p.credit_ceiling_multiple *
        std::max({0.0, net_worth(f, i), 12.0 * (f.revenue[n] - f.input_costs[n] - f.wage_bill[n])});
    const double room = ceiling - debt_of(f, i, /*commercial_only=*/true);
    const double amount = std::min(operating + invest, room);
    if (amount <= 0) continue;
    if (!take_loan(world, i, amount, rate, p.credit_term_months, kCommercialLoan) &&
        !top_up_commercial(world, i, amount, rate, p.credit_term_months))
      continue;
    const double invested = std::max(0.0, amount - operating);
    f.investment[n] += invested;
    f.capital[n] += invested;
    f.cash[n] -= invested;
  }
  tally_flows(world);
}

void default_loans(World& world, int i) {
  auto& f = world.firms;
  for (std::size_t k = slot_base(i); k < slot_base(i) + kLoanSlots; ++k) {
    if (f.loan_months_left[k] <= 0) continue;
    const double principal = f.loan_principal[k];
    world.month.defaults += principal;
    ++world.month.loans_defaulted;
    if (f.loan_funder[k] >= 0) {
      const auto funder = std::size_t(f.loan_funder[k]);
      world.funders.loans_outstanding[funder] -= principal;
      world.funders.defaults_total[funder] += principal;
    }
    f.loan_principal[k] = 0;
    f.loan_rate[k] = 0;
    f.loan_payment[k] = 0;
    f.loan_months_left[k] = 0;
    f.loan_funder[k] = static_cast<std::int16_t>(kCommercialLoan);
  }
}

namespace {

struct Stocks {
  double money = 0, loans = 0, commercial = 0, capital = 0, net_worth = 0, margin = 0,
         debt_cost = 0;
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
         m.grants_in + m.loans_new + m.equity - m.exit_cash - m.dividends;
}

}  // namespace

namespace {

using AccountsBuilder = MetricGroupBuilder<World, Stocks>;
using K = MetricKind;
using W = const World&;
using S = const Stocks&;

// Money and the flows of the cash identity.
void add_ledger_metrics(AccountsBuilder& b) {
  b.add("money_stock", "mln RUB", K::stock,
        "Cash of all firms alive at the end of the month (money).", [](W, S s) { return s.money; });
  b.add("flow_sales", "mln RUB/month", K::flow,
        "Sales of firms alive in production (domestic, export and defence).",
        [](W w, S) { return w.month.sales; });
  b.add("flow_inputs", "mln RUB/month", K::flow, "Purchased inputs paid.",
        [](W w, S) { return w.month.inputs; });
  b.add("flow_wages", "mln RUB/month", K::flow, "Wages paid.",
        [](W w, S) { return w.month.wages; });
  b.add("flow_rd", "mln RUB/month", K::flow, "R&D spent (own budget and grants).",
        [](W w, S) { return w.month.rd; });
  b.add("flow_investment", "mln RUB/month", K::flow,
        "Capital invested (replacement and expansion), from retained earnings and credit.",
        [](W w, S) { return w.month.investment; });
  b.add("flow_taxes", "mln RUB/month", K::flow, "Profit tax paid.",
        [](W w, S) { return w.month.taxes; });
  b.add("flow_interest", "mln RUB/month", K::flow, "Interest paid on all loans.",
        [](W w, S) { return w.month.interest; });
  b.add("flow_principal", "mln RUB/month", K::flow, "Principal repaid on all loans.",
        [](W w, S) { return w.month.principal; });
  b.add("flow_grants", "mln RUB/month", K::flow, "Grants received by firms.",
        [](W w, S) { return w.month.grants_in; });
  b.add("flow_loans_received", "mln RUB/month", K::flow,
        "New loans paid out to firms (banks and funders).",
        [](W w, S) { return w.month.loans_new; });
  b.add("flow_equity", "mln RUB/month", K::flow, "Cash new firms brought this month.",
        [](W w, S) { return w.month.equity; });
  b.add("flow_exit_cash", "mln RUB/month", K::flow,
        "Cash held by firms when they exited this month.",
        [](W w, S) { return w.month.exit_cash; });
  b.add("money_balance_error", "mln RUB", K::flow,
        "Change of money over the month less the net flows (sales - inputs - wages - R&D - "
        "investment - taxes - interest - principal + grants + loans + equity - exit cash); 0 up "
        "to rounding. 0 in the initial column.",
        [](W w, S s) {
          const bool opened = w.step > 0;  // the initial column has no month of flows
          return opened ? s.money - w.month.money_start - net_flows(w.month) : 0.0;
        });
}

// Debt, capital and the state of firms' balance sheets.
void add_balance_sheet_metrics(AccountsBuilder& b) {
  b.add("loans_outstanding", "mln RUB", K::stock,
        "Principal outstanding of all loans of firms alive.", [](W, S s) { return s.loans; });
  b.add("commercial_debt", "mln RUB", K::stock, "Principal outstanding of commercial (bank) loans.",
        [](W, S s) { return s.commercial; });
  b.add("loans_defaulted", "loans/month", K::flow,
        "Loans written off this month when their firm exited.",
        [](W w, S) { return double(w.month.loans_defaulted); });
  b.add("defaults", "mln RUB/month", K::flow, "Principal written off this month.",
        [](W w, S) { return w.month.defaults; });
  b.add("flow_dividends", "mln RUB/month", K::flow,
        "Paid to owners (dividends or withdrawals): owners.payout_share of cash above the "
        "target buffer.",
        [](W w, S) { return w.month.dividends; });
  b.add("capital", "mln RUB", K::stock, "Productive capital of firms alive (after depreciation).",
        [](W, S s) { return s.capital; });
  b.add("net_worth", "mln RUB", K::stock, "Cash + capital - debt of firms alive.",
        [](W, S s) { return s.net_worth; });
  b.add("firms_insolvent", "firms", K::stock, "Firms alive with negative net worth.",
        [](W, S s) { return double(s.insolvent); });
  b.add("profit_margin_mean", "1", K::stock,
        "Mean over surviving firms of the smoothed net profit margin (after depreciation, "
        "interest and taxes).",
        [](W, S s) { return s.firms > 0 ? s.margin / s.firms : 0.0; });
  b.add("loss_making_share", "1", K::stock,
        "Share of surviving firms whose smoothed net margin is negative (Rosstat reports the "
        "share of loss-making organisations).",
        [](W, S s) { return s.firms > 0 ? double(s.loss_making) / s.firms : 0.0; });
  b.add("debt_cost_mean", "1", K::stock,
        "Mean over surviving firms of loan payments (interest + amortisation) / capacity: the "
        "unit-cost share of debt service.",
        [](W, S s) { return s.firms > 0 ? s.debt_cost / s.firms : 0.0; });
  b.add("exits_insolvency", "firms/month", K::flow,
        "Exits this month after months of negative net worth or of cash below the floor "
        "without credit.",
        [](W w, S) { return double(w.month.exits_insolvency); });
  b.add("exits_low_profit", "firms/month", K::flow,
        "Exits this month for persistently low profitability.",
        [](W w, S) { return double(w.month.exits_low_profit); });
  b.add("key_rate", "1/year", K::stock, "Bank of Russia key rate in force this month.",
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
