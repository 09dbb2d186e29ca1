#pragma once
// The money side of the model, split by concern. Each function says which phase
// calls it. docs/model.md, sections "Accounts", "Credit", "Public instruments" and
// "Sanctions", gives the equations.
#include "models/world.hpp"

namespace clustersim {

// --- Accounts and credit (models/finance/accounts.cpp) ---------------------------------
// Finance phase, first: interest and annuity payments on every loan; loans whose
// firm cannot pay are left for demography to default.
void service_loans(World& world);
// Opens a loan in a free slot of firm i: principal paid into cash now, repaid as an
// annuity of `months` payments at `annual_rate`. Returns false when no slot is free.
// `funder` is a funder index or kCommercialLoan.
bool take_loan(World& world, int i, double principal, double annual_rate, int months, int funder);
// Outstanding principal of firm i: every loan, or commercial loans only.
double debt_of(const FirmState& f, int i, bool commercial_only);
// Monthly annuity payment of a loan (closed form; 0 rate gives principal / months).
double annuity_payment(double principal, double monthly_rate, int months);
// Production phase, per firm after sales: taxes, the cash update with every flow of
// the month, the R&D budget for next month.
void settle_accounts(World& world, int i);
// Production phase, sequential after settling: firms short of cash borrow
// commercially up to their credit ceiling, in ascending firm order.
void borrow_commercially(World& world);
// Cash + capital - all debt of firm i (mln RUB); negative means insolvent.
double net_worth(const FirmState& f, int i);
// The cash a firm keeps: production.cash_buffer_months of its last month's cash costs.
double cash_buffer(const World& world, int i);

// The annual rate a bank charges firm i now: key rate x (1 + step x (credit class - 1))
// + mark-up (K+S).
double commercial_rate(const World& world, int i);

// Monthly labour cost per employee now: parameters.wage x environment.wage_index.
double current_wage(const World& world);

// Unweighted mean of the sectors' price levels (the price_index metric).
double mean_sector_price(const World& world);

// Employment-weighted mean productivity of the alive firms (1 if there are none).
double mean_productivity(const World& world);

// Moves the wage index with the mean price level and productivity (production phase).
void index_wages(World& world);
// Share of an investment gap firms finance by credit: 1 - (rate + depreciation) /
// gross annual return on capital, clipped to [0, 1] (falls as the rate rises).
double investment_loan_demand(double gross_return, double rate, double depreciation);
// Gross annual return on firm i's capital: 12 (sales - inputs - wages) / capital (0
// without capital).
double return_on_capital(const World& world, int i);
// Room left under firm i's K+S credit ceiling: credit.ceiling_multiple x max(0, net worth,
// annual operating surplus) less its commercial debt (may be negative).
double credit_room(const World& world, int i);
// Innovation phase, per firm (writes only firm i): bank credit for the `shortfall` of a
// scale-up stage's monthly cost that public money and retained earnings leave, scaled by
// the loan demand and capped by the credit room, at the commercial rate. Returns the
// amount borrowed (paid into cash).
double borrow_for_stage(World& world, int i, double shortfall);
// What borrow_for_stage would lend firm i for `shortfall`, without borrowing: a stage
// that even this credit cannot pay waits, and the firm takes no loan for it.
double stage_credit_offer(const World& world, int i, double shortfall);
// Demography phase, at exit: outstanding loans are written off as defaults.
void default_loans(World& world, int i);

// --- Public instruments (models/finance/instruments.cpp, instruments_loans.cpp) ----------
// Finance phase: every funder kind except defence orders (calls, competitions,
// selection, grants, soft loans, regional co-financing).
void run_public_instruments(World& world);
// Production phase: monthly output firm n's workforce and capital can make (mln RUB at
// price 1), before missing inputs (models/production/production.cpp).
double productive_capacity(const World& world, std::size_t n);
// Production phase, first: defence orders bought from dual-use firms this month
// (sets firms.defence_revenue, money: at most defence_share x capacity x defence_price).
void allocate_defence_orders(World& world);
// Price of a unit of firm n's defence capacity this month: 1 + defence.price_indexation x (its
// sector's price - 1); 1 at the start.
double defence_price(const World& world, std::size_t n);
// Firm n's capacity under defence orders this month: its defence revenue at that price.
double defence_volume(const World& world, std::size_t n);

// --- Sanctions and import substitution (models/sanctions/supply.cpp) ------------------------
// Events phase: applies a sanctions package (several combine).
void apply_sanctions_package(World& world, const Event& event);
// Production phase, first: availability of critical imports per domain this month
// (cuts, parallel imports after their delay, domestic substitutes after ramp-up: the
// holders' supply over the domain's needs of imports last month).
void update_supply(World& world);
// Import substitutes firm i can supply a month in each domain where it holds one (mln
// RUB/month; 0 without a substitute).
double substitute_capacity_of(const World& world, int i);
// Production phase, sequential after sales: what the cluster's firms pay for the share of
// critical imports bought at home, per domain (environment.substitute_sales), in firm order.
void buy_substitutes(World& world);
// Firm i's share of those payments: per domain where it holds a substitute, in proportion
// to what it can supply (its revenue from substitutes this month).
double substitute_revenue(const World& world, int i);
// Share of firm i's capacity usable given its import dependence (1 without sanctions).
double input_availability(const World& world, int i);
// Factor on firm i's input costs from parallel-import mark-ups and the devaluation (1
// without sanctions and exchange-rate moves); the sector's price follows it.
double input_cost_factor(const World& world, int i);
// Firm i's critical imports per rouble of its purchased inputs at list prices (share: the
// sum of its import dependence) and their rouble cost now (cost: share plus mark-ups and
// devaluation; equal to share at list prices).
struct ImportedInputs {
  double share = 0, cost = 0;
};
ImportedInputs imported_inputs(const World& world, int i);
// Production phase, sequential at the end: critical inputs bought, from sanctioned
// sources and in all, per domain (for the sovereignty index).
void account_critical_inputs(World& world);

}  // namespace clustersim
