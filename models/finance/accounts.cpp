// Accounts and credit (docs/model.md, "Accounts and credit"). Firms' cash changes only
// through the flows of the ledger: sales less the part customers have not paid yet
// (receivables), inputs, wages, R&D, investment, taxes, loan interest and principal,
// grants, loans received, the cash new firms bring (equity) and the cash of firms that
// exit. Commercial credit follows K+S: a rate of key rate times a credit-class factor
// plus a bank mark-up, a ceiling of a multiple of annual sales less wages, annuity
// repayment; a firm without credit stays short and exits. Receivables are financed by a
// revolving working-capital line.
#include <algorithm>
#include <cmath>

#include "models/finance/money.hpp"
#include "models/metrics.hpp"
#include "sim/interrupt.hpp"

namespace clustersim {
double debt_of(const FirmState& f, int i, bool commercial_only) {
  const auto base = std::size_t(i) * kLoanSlots;
  double debt = 0;
  for (std::size_t k = base; k < base + kLoanSlots; ++k)
    if (f.loan_months_left[k] > 0 && (!commercial_only || f.loan_funder[k] == kCommercialLoan))
      debt += f.loan_principal[k];
  return debt + f.credit_line[std::size_t(i)];  // the working-capital line is bank credit
}

namespace {

// Credit class from debt over annual sales (cut-offs r, 2r and 4r with r =
// credit.class_ratio; K+S rank firms by the same ratio). A firm with debt and no sales is
// class 4.
int credit_class(double debt, double annual_sales, double first_cutoff) {
  if (debt <= 0) return 1;
  if (annual_sales <= 0) return 4;
  const double ratio = debt / annual_sales;
  return ratio < first_cutoff ? 1 : ratio < 2 * first_cutoff ? 2 : ratio < 4 * first_cutoff ? 3 : 4;
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

// Customers pay with a lag (trade credit): a share 1 / (1 + lag) of what they owe, this
// month's sales included, comes in, so receivables settle at lag months of sales. Returns
// this month's sales not collected less earlier sales collected; lag 0 collects all.
double collect_receivables(World& world, int i) {
  auto& f = world.firms;
  const auto n = std::size_t(i);
  const double owed = f.receivables[n] + f.revenue[n];
  const double collected = owed / (1.0 + world.parameters().collection_lag_months);
  f.receivables[n] = owed - collected;
  f.receivables_change[n] = f.revenue[n] - collected;
  return f.receivables_change[n];
}

// Interest on the working-capital line, at the firm's commercial rate now (floating: a
// revolving line is repriced with the key rate).
void service_credit_line(World& world, int i) {
  auto& f = world.firms;
  const auto n = std::size_t(i);
  if (f.credit_line[n] <= 0) return;
  const double interest = f.credit_line[n] * commercial_rate(world, i) / 12.0;
  f.cash[n] -= interest;
  f.interest_paid[n] += interest;
}

// The revolving line follows its borrowing base, receivables_advance x receivables:
// drawn up to it (the cash then joins what owners may take out, so receivables are
// financed by the bank rather than by retained profit), and repaid from cash as far as
// cash allows when receivables fall.
void adjust_credit_line(World& world, int i) {
  auto& f = world.firms;
  const auto n = std::size_t(i);
  const double base = world.parameters().receivables_advance * f.receivables[n];
  const double change = base > f.credit_line[n]
                            ? base - f.credit_line[n]
                            : -std::min(f.credit_line[n] - base, std::max(0.0, f.cash[n]));
  f.credit_line[n] += change;
  f.cash[n] += change;
  if (change > 0) f.loans_received[n] += change;
  if (change < 0) f.principal_repaid[n] -= change;
}

// Flows of this month of every firm alive in production, in firm order.
void tally_flows(World& world) {
  const auto& f = world.firms;
  auto& m = world.month;
  m.sales = m.inputs = m.wages = m.rd = m.investment = m.taxes = 0;
  m.interest = m.principal = m.grants_in = m.loans_new = m.dividends = m.receivables = 0;
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
    m.receivables += f.receivables_change[n];
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
    service_credit_line(world, i);
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
  // Interest and principal left cash in service_loans, loans came in when taken; of the
  // sales only what customers paid comes in (collect_receivables).
  f.cash[n] += operating - collect_receivables(world, i) - f.taxes[n];
  // Pecking order: investment is paid from retained earnings (cash above the target
  // buffer of months of cash costs) first; what is left waits for credit
  // (borrow_commercially). Loan money earmarked for the project (IDF) is not free cash:
  // neither investment nor owners may take it.
  const double buffer = cash_buffer(world, i) + f.earmarked[n];
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

double cash_buffer(const World& world, int i) {
  const auto& f = world.firms;
  const auto n = std::size_t(i);
  return world.parameters().cash_buffer_months *
         (f.input_costs[n] + f.wage_bill[n] + f.interest_paid[n] + f.principal_repaid[n]);
}

double net_worth(const FirmState& f, int i) {
  const auto n = std::size_t(i);
  return f.cash[n] + f.capital[n] + f.receivables[n] - debt_of(f, i, false);
}

double investment_loan_demand(double gross_return, double rate, double depreciation) {
  if (gross_return <= 0) return 0.0;
  return std::clamp(1.0 - (rate + depreciation) / gross_return, 0.0, 1.0);
}

double commercial_rate(const World& world, int i) {
  const auto& f = world.firms;
  const auto& p = world.parameters();
  const int cls =
      credit_class(debt_of(f, i, false), 12.0 * f.revenue[std::size_t(i)], p.credit_class_ratio);
  return world.environment.key_rate * (1.0 + p.credit_class_step * (cls - 1)) + p.bank_markup;
}

double return_on_capital(const World& world, int i) {
  const auto& f = world.firms;
  const auto n = std::size_t(i);
  return f.capital[n] > 0 ? 12.0 * (f.revenue[n] - f.input_costs[n] - f.wage_bill[n]) / f.capital[n]
                          : 0.0;
}

double credit_room(const World& world, int i) {
  const auto& f = world.firms;
  const auto n = std::size_t(i);
  // K+S ceiling: a multiple of the larger of net worth and annual operating surplus.
  const double surplus = 12.0 * (f.revenue[n] - f.input_costs[n] - f.wage_bill[n]);
  const double ceiling =
      world.parameters().credit_ceiling_multiple * std::max({0.0, net_worth(f, i), surplus});
  return ceiling - debt_of(f, i, /*commercial_only=*/true);
}

double stage_credit_offer(const World& world, int i, double shortfall) {
  if (shortfall <= 0) return 0.0;
  const auto& p = world.parameters();
  const double rate = commercial_rate(world, i);
  // Loan demand as for investment: the share falls as the rate nears the return on capital.
  const double wanted =
      shortfall * investment_loan_demand(return_on_capital(world, i), rate, p.capital_depreciation);
  return std::max(0.0, std::min(wanted, credit_room(world, i)));
}

double borrow_for_stage(World& world, int i, double shortfall) {
  const auto& p = world.parameters();
  const double amount = stage_credit_offer(world, i, shortfall);
  if (amount <= 0) return 0.0;
  const double rate = commercial_rate(world, i);
  // Monthly draws go onto an existing bank loan first, so they do not fill the loan slots
  // public loans (IDF, mortgage, platform) need.
  if (!top_up_commercial(world, i, amount, rate, p.credit_term_months) &&
      !take_loan(world, i, amount, rate, p.credit_term_months, kCommercialLoan))
    return 0.0;
  return amount;
}

void borrow_commercially(World& world) {
  auto& f = world.firms;
  const auto& p = world.parameters();
  for (int i = 0; i < f.capacity; ++i) {
    stop_point(i);
    const auto n = std::size_t(i);
    if (!f.alive[n]) continue;
    adjust_credit_line(world, i);
    // Operating need: the shortfall plus a buffer of one month of wages.
    const double operating = f.cash[n] < 0 ? -f.cash[n] + f.wage_bill[n] : 0.0;
    if (operating <= 0 && f.investment_gap[n] <= 0) continue;
    const double rate = commercial_rate(world, i);
    // Investment loans: the gap scaled by how far the return on capital clears the user
    // cost (rate + depreciation), so loan demand falls as the rate rises (Jorgenson).
    const double invest =
        f.investment_gap[n] *
        investment_loan_demand(return_on_capital(world, i), rate, p.capital_depreciation);
    f.investment_gap[n] = 0;
    const double amount = std::min(operating + invest, credit_room(world, i));
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
  if (f.credit_line[std::size_t(i)] > 0) {
    world.month.defaults += f.credit_line[std::size_t(i)];
    ++world.month.loans_defaulted;
    f.credit_line[std::size_t(i)] = 0;
  }
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

}  // namespace clustersim
