// Accounts and credit (models/finance/accounts.cpp): annuity schedules, commercial borrowing
// (ceiling, class spread, key-rate path), default at exit, and the cash ledger: every
// month the change in firms' money equals the net flow with the outside, to rounding,
// on every scenario shipped in scenarios/.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "models/cluster_model.hpp"
#include "models/finance/money.hpp"
#include "models/model_fixtures.hpp"
#include "models/policy/events.hpp"
#include "models/scenario/scenario_loader.hpp"
#include "support/test_support.hpp"

namespace clustersim {
namespace {

// A world whose firms hold no loans and no cash; firm 0 is the one under test.
World quiet_world(Scenario scenario = testing::minimal_scenario()) {
  World world = build_world(scenario, 0);
  // No working-capital lines either (tested in firm_economics_test).
  std::fill(world.firms.credit_line.begin(), world.firms.credit_line.end(), 0.0);
  std::fill(world.firms.receivables.begin(), world.firms.receivables.end(), 0.0);
  return world;
}

int used_slots(const World& world, int i) {
  int used = 0;
  for (int k = 0; k < kLoanSlots; ++k)
    used += world.firms.loan_months_left[std::size_t(i) * kLoanSlots + std::size_t(k)] > 0;
  return used;
}

std::size_t slot(int i, int k) {
  return std::size_t(i) * kLoanSlots + std::size_t(k);
}

TEST(Annuity, payment_matches_the_closed_form) {
  for (const double annual : {0.01, 0.075, 0.2}) {
    for (const int months : {1, 12, 36, 84}) {
      const double r = annual / 12, principal = 250.0;
      const double growth = std::pow(1 + r, months);
      const double expected = principal * r * growth / (growth - 1);
      EXPECT_NEAR(annuity_payment(principal, r, months), expected, 1e-12 * expected);
      // The present value of the payments is the principal.
      double present = 0;
      for (int m = 1; m <= months; ++m) present += expected / std::pow(1 + r, m);
      EXPECT_NEAR(present, principal, 1e-9);
    }
  }
  EXPECT_DOUBLE_EQ(annuity_payment(120.0, 0.0, 24), 5.0);
}

TEST(Annuity, loan_is_repaid_after_exactly_its_months_by_service_loans) {
  World world = quiet_world();
  auto& f = world.firms;
  const double cash_before = f.cash[0];
  const double principal = 120.0, annual = 0.12;
  const int months = 24;
  ASSERT_TRUE(take_loan(world, 0, principal, annual, months, kCommercialLoan));
  EXPECT_DOUBLE_EQ(f.cash[0], cash_before + principal);
  EXPECT_DOUBLE_EQ(f.loans_received[0], principal);
  const double payment = annuity_payment(principal, annual / 12, months);
  double paid = 0, interest = 0;
  for (int m = 1; m <= months; ++m) {
    const double owed = f.loan_principal[slot(0, 0)];
    service_loans(world);
    EXPECT_NEAR(f.interest_paid[0], owed * annual / 12, 1e-12);
    EXPECT_NEAR(f.interest_paid[0] + f.principal_repaid[0], payment, 1e-9) << "month " << m;
    EXPECT_EQ(f.loan_months_left[slot(0, 0)], months - m);
    paid += f.interest_paid[0] + f.principal_repaid[0];
    interest += f.interest_paid[0];
    if (m < months) EXPECT_GT(f.loan_principal[slot(0, 0)], 1e-6);
  }
  EXPECT_NEAR(f.loan_principal[slot(0, 0)], 0.0, 1e-9);
  EXPECT_NEAR(paid, months * payment, 1e-9);
  EXPECT_NEAR(paid - interest, principal, 1e-9);
  EXPECT_NEAR(f.cash[0], cash_before + principal - paid, 1e-9);
  EXPECT_EQ(used_slots(world, 0), 0);
  service_loans(world);  // nothing left to pay
  EXPECT_EQ(f.interest_paid[0] + f.principal_repaid[0], 0.0);
}

TEST(Annuity, zero_rate_loan_repays_equal_parts_without_interest) {
  World world = quiet_world();
  auto& f = world.firms;
  ASSERT_TRUE(take_loan(world, 3, 60.0, 0.0, 12, kCommercialLoan));
  double paid = 0;
  for (int m = 0; m < 12; ++m) {
    service_loans(world);
    EXPECT_EQ(f.interest_paid[3], 0.0);
    EXPECT_NEAR(f.principal_repaid[3], 5.0, 1e-12);
    paid += f.principal_repaid[3];
  }
  EXPECT_NEAR(paid, 60.0, 1e-9);
  EXPECT_NEAR(f.loan_principal[slot(3, 0)], 0.0, 1e-12);
  EXPECT_EQ(used_slots(world, 3), 0);
}

TEST(Annuity, funder_loans_update_the_funders_outstanding_total) {
  World world = quiet_world();
  ASSERT_TRUE(take_loan(world, 1, 30.0, 0.03, 10, 0));
  world.funders.loans_outstanding[0] += 30.0;  // recorded by the lending instrument
  service_loans(world);
  EXPECT_NEAR(world.funders.loans_outstanding[0], world.firms.loan_principal[slot(1, 0)], 1e-12);
  EXPECT_LT(world.funders.loans_outstanding[0], 30.0);
  for (int m = 1; m < 10; ++m) service_loans(world);
  EXPECT_NEAR(world.funders.loans_outstanding[0], 0.0, 1e-9);
}

TEST(Annuity, a_firm_holds_at_most_kLoanSlots_loans) {
  World world = quiet_world();
  for (int k = 0; k < kLoanSlots; ++k) EXPECT_TRUE(take_loan(world, 2, 1.0, 0.1, 12, -1));
  EXPECT_FALSE(take_loan(world, 2, 1.0, 0.1, 12, -1));
  EXPECT_EQ(used_slots(world, 2), kLoanSlots);
}

// Firm 0 alone is short of cash; its monthly sales and wages are set directly.
World short_firm(double revenue, double wages, double cash, Scenario scenario = {}) {
  if (scenario.firms.empty()) scenario = testing::minimal_scenario();
  World world = build_world(scenario, 0);
  auto& f = world.firms;
  for (int i = 0; i < f.capacity; ++i) f.cash[std::size_t(i)] = 100.0;
  f.revenue[0] = revenue;
  f.input_costs[0] = 0;  // the ceiling then rests on revenue less wages
  f.wage_bill[0] = wages;
  f.cash[0] = cash;
  f.capital[0] = 0;  // no net worth: the ceiling rests on the operating surplus alone
  // Working capital is tested on its own (firm_economics_test): here customers pay at once.
  world.live.parameters.collection_lag_months = 0;
  f.receivables[0] = 0;
  f.credit_line[0] = 0;
  return world;
}

double ceiling(const World& world, double revenue, double wages) {
  return world.parameters().credit_ceiling_multiple * 12.0 * (revenue - wages);
}

TEST(CommercialCredit, borrows_the_shortfall_plus_a_month_of_wages_below_the_ceiling) {
  World world = short_firm(10.0, 4.0, -5.0);
  borrow_commercially(world);
  const auto& f = world.firms;
  EXPECT_NEAR(f.loans_received[0], 5.0 + 4.0, 1e-12);
  EXPECT_NEAR(f.cash[0], 4.0, 1e-12);
  EXPECT_EQ(f.loan_funder[slot(0, 0)], kCommercialLoan);
  EXPECT_EQ(f.loan_months_left[slot(0, 0)], world.parameters().credit_term_months);
  EXPECT_EQ(used_slots(world, 1), 0);  // firms with cash do not borrow
  EXPECT_NEAR(world.month.loans_new, 9.0, 1e-12);
}

TEST(CommercialCredit, never_lends_beyond_the_ceiling_less_commercial_debt) {
  World world = short_firm(10.0, 9.0, -40.0);  // ceiling 2 x 12 x 1 = 24
  ASSERT_NEAR(ceiling(world, 10.0, 9.0), 24.0, 1e-12);
  ASSERT_TRUE(take_loan(world, 0, 15.0, 0.1, 36, kCommercialLoan));
  world.firms.cash[0] = -40.0;
  world.firms.loans_received[0] = 0;
  borrow_commercially(world);
  EXPECT_NEAR(world.firms.loans_received[0], 24.0 - 15.0, 1e-12);
  EXPECT_NEAR(world.firms.cash[0], -40.0 + 9.0, 1e-12);  // still short
  // Debt at the ceiling: no further credit.
  world.firms.loans_received[0] = 0;
  borrow_commercially(world);
  EXPECT_EQ(world.firms.loans_received[0], 0.0);
  EXPECT_NEAR(world.firms.cash[0], -31.0, 1e-12);
}

TEST(CommercialCredit, no_credit_when_sales_do_not_cover_wages) {
  World world = short_firm(3.0, 4.0, -1.0);
  borrow_commercially(world);
  EXPECT_EQ(used_slots(world, 0), 0);
  EXPECT_EQ(world.firms.cash[0], -1.0);
}

// Issue 9: the K+S ceiling includes net worth, so a firm whose sales do not cover wages
// still borrows against its capital (2 x net worth).
TEST(CommercialCredit, ceiling_includes_net_worth) {
  World world = short_firm(3.0, 4.0, -1.0);
  world.firms.capital[0] = 10.0;  // net worth 10 - 1 = 9, ceiling 18
  borrow_commercially(world);
  EXPECT_NEAR(world.firms.loans_received[0], 1.0 + 4.0, 1e-12);
  world = short_firm(3.0, 4.0, -50.0);
  world.firms.capital[0] = 60.0;  // net worth 10, ceiling 20 < need 54
  borrow_commercially(world);
  EXPECT_NEAR(world.firms.loans_received[0], 20.0, 1e-12);
}

// Issue 9, sign of the key-rate channel: a firm with an investment gap and no retained
// earnings above its buffer borrows less for investment, so invests less, when the key
// rate is higher (loan demand 1 - (rate + depreciation) / return on capital).
TEST(Investment, higher_key_rate_lowers_investment) {
  std::vector<double> invested;
  for (const double key : {0.05, 0.10, 0.20}) {
    World world = short_firm(10.0, 4.0, 0.0);
    auto& f = world.firms;
    f.capital[0] = 100.0;  // gross return 12 x 6 / 100 = 0.72 a year
    f.investment_gap[0] = 5.0;
    world.environment.key_rate = key;
    borrow_commercially(world);
    invested.push_back(f.investment[0]);
    EXPECT_NEAR(f.capital[0], 100.0 + f.investment[0], 1e-12);
    EXPECT_NEAR(f.cash[0], 0.0, 1e-12);  // the loan paid for the capital
  }
  EXPECT_GT(invested[0], 0.0);
  EXPECT_LT(invested[1], invested[0]);
  EXPECT_LT(invested[2], invested[1]);
  EXPECT_DOUBLE_EQ(investment_loan_demand(0.5, 0.6, 0.1), 0.0);  // never above the user cost
  EXPECT_DOUBLE_EQ(investment_loan_demand(0.0, 0.1, 0.1), 0.0);
}

// Issue 9, pecking order: investment comes out of cash above the buffer before any loan.
TEST(Investment, retained_earnings_pay_first_then_credit) {
  World world = short_firm(10.0, 4.0, 200.0);
  auto& f = world.firms;
  world.live.parameters.payout_share = 0;
  f.capital[0] = 100.0;
  f.investment_gap[0] = 5.0;
  settle_accounts(world, 0);
  EXPECT_NEAR(f.investment[0], 5.0, 1e-12);  // all from cash
  EXPECT_EQ(f.investment_gap[0], 0.0);
  borrow_commercially(world);
  EXPECT_EQ(f.loans_received[0], 0.0);
}

// Issue 9, owners: a payout share of 0 keeps all profit in the firm; a positive share pays
// that share of the cash above the buffer (months of cash costs) and no more.
TEST(Owners, payout_share_zero_keeps_all_profit_and_a_share_pays_above_the_buffer) {
  for (const double share : {0.0, 0.5}) {
    World world = short_firm(10.0, 4.0, 50.0);
    auto& f = world.firms;
    world.live.parameters.payout_share = share;
    world.live.parameters.capital_depreciation = 0;
    f.input_costs[0] = 2.0;
    f.rd_spent[0] = 0;
    f.investment_gap[0] = 0;
    settle_accounts(world, 0);
    const double profit = 10.0 - 2.0 - 4.0;
    const double after_tax = profit * (1 - world.parameters().profit_tax);
    const double buffer = world.parameters().cash_buffer_months * (2.0 + 4.0);
    const double expected_dividends = share * (50.0 + after_tax - buffer);
    EXPECT_NEAR(f.dividends[0], expected_dividends, 1e-12);
    EXPECT_NEAR(f.cash[0], 50.0 + after_tax - expected_dividends, 1e-12);
    if (share == 0) EXPECT_EQ(f.dividends[0], 0.0);
  }
  // Below the buffer nothing is paid out.
  World world = short_firm(10.0, 4.0, 1.0);
  settle_accounts(world, 0);
  EXPECT_EQ(world.firms.dividends[0], 0.0);
}

TEST(CommercialCredit, rate_is_key_rate_times_class_factor_plus_markup) {
  const auto& p = testing::minimal_scenario().parameters;
  // Debt over annual sales (120): none -> class 1; 40 -> 1/3 -> class 2; 90 -> class 3;
  // 150 -> class 4. Existing debt is a funder loan, outside the commercial ceiling.
  const double debts[] = {0.0, 40.0, 90.0, 150.0};
  for (int cls = 1; cls <= 4; ++cls) {
    World world = short_firm(10.0, 2.0, -1.0);
    if (debts[cls - 1] > 0) ASSERT_TRUE(take_loan(world, 0, debts[cls - 1], 0.03, 60, 0));
    world.firms.cash[0] = -1.0;
    borrow_commercially(world);
    const int k = debts[cls - 1] > 0 ? 1 : 0;
    ASSERT_EQ(world.firms.loan_funder[slot(0, k)], kCommercialLoan) << "class " << cls;
    const double expected = p.key_rate * (1 + p.credit_class_step * (cls - 1)) + p.bank_markup;
    EXPECT_NEAR(world.firms.loan_rate[slot(0, k)] * 12, expected, 1e-12) << "class " << cls;
  }
}

TEST(CommercialCredit, rate_follows_the_key_rate_path_and_events) {
  Scenario scenario = testing::minimal_scenario();
  Event raise;
  raise.date = YearMonth{2021, 3};
  raise.set.push_back({"parameters.credit.key_rate", 0.10});
  scenario.events.push_back(raise);
  scenario.key_rate.push_back({YearMonth{2021, 6}, 0.20});
  const double markup = scenario.parameters.bank_markup;
  const std::pair<YearMonth, double> expected[] = {
      {{2021, 1}, 0.075}, {{2021, 3}, 0.10}, {{2021, 5}, 0.10}, {{2021, 6}, 0.20}};
  for (const auto& [date, key] : expected) {
    World world = short_firm(10.0, 2.0, -1.0, scenario);
    // Events of earlier months have applied by then.
    for (YearMonth d = world.date; !(date < d); d = d.plus(1)) {
      world.date = d;
      apply_scheduled_events(world);
    }
    EXPECT_DOUBLE_EQ(world.environment.key_rate, key) << date.to_string();
    borrow_commercially(world);
    EXPECT_NEAR(world.firms.loan_rate[slot(0, 0)] * 12, key + markup, 1e-12) << date.to_string();
  }
}

TEST(CommercialCredit, full_slots_roll_new_money_into_the_largest_commercial_loan) {
  World world = short_firm(10.0, 2.0, -1.0);
  for (int k = 0; k < kLoanSlots - 1; ++k) ASSERT_TRUE(take_loan(world, 0, 1.0, 0.05, 12, 0));
  ASSERT_TRUE(take_loan(world, 0, 5.0, 0.05, 12, kCommercialLoan));
  world.firms.cash[0] = -1.0;
  world.firms.loans_received[0] = 0;
  borrow_commercially(world);
  const auto last = slot(0, kLoanSlots - 1);
  EXPECT_NEAR(world.firms.loan_principal[last], 5.0 + 3.0, 1e-12);
  EXPECT_EQ(world.firms.loan_months_left[last], world.parameters().credit_term_months);
  EXPECT_NEAR(world.firms.cash[0], 2.0, 1e-12);
}

// With no credit (ceiling multiple 0) a firm deep in the red stays negative, exits after
// exit_negative_months of distress, and its loan is written off as a default.
TEST(CommercialCredit, firm_without_credit_stays_negative_exits_and_defaults) {
  Scenario scenario = testing::minimal_scenario();
  scenario.parameters.credit_ceiling_multiple = 0;
  scenario.parameters.spinoff_rate = 0;  // keep firm 0's slot free after it exits
  scenario.parameters.startup_rate = 0;
  scenario.clusters[0].entry_rate = 0;
  scenario.parameters.entry_replacement = 0;
  const auto model = cluster_model(scenario);
  World world = model.build(0);
  auto& f = world.firms;
  ASSERT_TRUE(take_loan(world, 0, 12.0, 0.0, 24, kCommercialLoan));
  f.cash[0] = -100.0 * f.wage_bill[0];
  const int months = scenario.parameters.exit_negative_months;
  for (int m = 1; m < months; ++m) {
    step_month(model, world);
    ASSERT_TRUE(f.alive[0]) << "month " << m;
    EXPECT_LT(f.cash[0], 0.0);
    EXPECT_EQ(f.loans_received[0], 0.0);
    EXPECT_EQ(f.distress_months[0], m);
  }
  // Before the exit month's payment 12 - (months - 1) x 0.5 is owed; the payment takes 0.5.
  const double written_off = 12.0 - months * 0.5;
  step_month(model, world);
  EXPECT_FALSE(f.alive[0]);
  EXPECT_GE(world.month.loans_defaulted, 1);
  EXPECT_GE(world.month.defaults, written_off - 1e-9);
  EXPECT_EQ(used_slots(world, 0), 0);
  EXPECT_LT(world.month.exit_cash, 0.0);
}

TEST(CommercialCredit, default_writes_off_funder_loans) {
  World world = quiet_world();
  ASSERT_TRUE(take_loan(world, 4, 20.0, 0.03, 12, 0));
  world.funders.loans_outstanding[0] += 20.0;  // recorded by the lending instrument
  ASSERT_TRUE(take_loan(world, 4, 7.0, 0.2, 12, kCommercialLoan));
  default_loans(world, 4);
  EXPECT_EQ(world.month.loans_defaulted, 2);
  EXPECT_NEAR(world.month.defaults, 27.0, 1e-12);
  EXPECT_NEAR(world.funders.defaults_total[0], 20.0, 1e-12);
  EXPECT_NEAR(world.funders.loans_outstanding[0], 0.0, 1e-12);
  EXPECT_EQ(used_slots(world, 4), 0);
}

}  // namespace
}  // namespace clustersim
