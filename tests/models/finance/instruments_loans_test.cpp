#include <string>

#include <gtest/gtest.h>

#include "models/finance/instruments_fixtures.hpp"
#include "models/finance/money.hpp"
#include "models/innovation/project_cost.hpp"

namespace clustersim {
namespace {

using namespace instruments_testing;

double loan_rate_of(const World& world, int firm, int funder) {
  const auto& f = world.firms;
  for (std::size_t s = std::size_t(firm) * kLoanSlots; s < std::size_t(firm + 1) * kLoanSlots; ++s)
    if (f.loan_months_left[s] > 0 && f.loan_funder[s] == funder) return f.loan_rate[s];
  return -1;
}

TEST(Instruments, platform_rate_follows_the_key_rate_path) {
  World world = build(scenario_text(1, 4, 0, R"(
[[key_rate]]
from = "2021-03"
rate = 0.2

[[funders]]
name = "platform"
kind = "cluster_platform"
annual_budget = 1000
rate = 0.03
rate_key_multiple = 0.3
min_loan = 1
)"));
  auto& f = world.firms;
  world.date = YearMonth{2021, 3};
  world.step = 2;
  f.investment[1] = 2.0;  // investing: applies for a year of it
  apply_scheduled_events(world);
  finance_phase(world);
  EXPECT_DOUBLE_EQ(world.environment.key_rate, 0.2);
  EXPECT_NEAR(loan_rate_of(world, 1, 0), (0.3 * 0.2 + 0.03) / 12.0, 1e-15);
  EXPECT_EQ(loan_rate_of(world, 0, 0), -1.0);  // not investing
  EXPECT_NEAR(world.funders.disbursed_month[0], 24.0, 1e-12);
  EXPECT_NEAR(world.month.public_money, 24.0, 1e-12);
  // One loan per programme at a time.
  next_month(world);
  finance_phase(world);
  EXPECT_EQ(world.funders.disbursed_month[0], 0.0);
}

TEST(Instruments, industrial_mortgage_charges_technology_companies_three_percent) {
  World world = build(scenario_text(1, 4, 0, R"(
[[funders]]
name = "mortgage"
kind = "industrial_mortgage"
annual_budget = 1000
rate = 0.05
rate_technology = 0.03
min_loan = 1
)"));
  auto& f = world.firms;
  f.investment[0] = f.investment[1] = 1.0;
  f.technology_company[1] = 1;
  finance_phase(world);
  EXPECT_NEAR(loan_rate_of(world, 0, 0), 0.05 / 12.0, 1e-15);
  EXPECT_NEAR(loan_rate_of(world, 1, 0), 0.03 / 12.0, 1e-15);
}

TEST(Instruments, idf_loans_fit_the_budget_and_earmark_money_for_the_project) {
  World world = build(scenario_text(1, 10, 0, R"(
[[funders]]
name = "idf"
kind = "idf_loan"
annual_budget = 10
min_trl = 5
max_trl = 9
min_loan = 1
max_loan = 3
cofinancing = 0
)"));
  give_every_firm_a_project(world);
  auto& f = world.firms;
  for (int i = 0; i < f.capacity; ++i) f.knowledge.row(i).setConstant(0.5);  // equal scores
  ASSERT_GT(project_remaining_cost(world, 0), 3.0);  // every request is capped at max_loan
  finance_phase(world);
  // 10 mln a year: three loans of 3 (max_loan), then one of the 1 left (min_loan).
  EXPECT_NEAR(world.funders.disbursed_month[0], 10.0, 1e-12);
  EXPECT_EQ(world.month.loans_granted[std::size_t(FunderKind::idf_loan)], 4);
  EXPECT_NEAR(f.earmarked[0], 3.0, 1e-12);
  EXPECT_NEAR(f.earmarked[3], 1.0, 1e-12);
  EXPECT_EQ(f.earmarked[5], 0.0);
  for (int month = 0; month < 11; ++month) {
    next_month(world);
    finance_phase(world);
    EXPECT_LE(world.funders.spent_this_year[0], 10.0 + 1e-12);
  }
}

// An IDF loan finances the project's remaining cost less the borrower's co-financing, which
// the firm may bring from its free cash (cash above its target buffer) as well as from a
// year of its innovation budget. The buffer is working capital: a firm whose only cash is
// its buffer cannot co-finance, however large the buffer.
TEST(Instruments, idf_lends_the_project_cost_less_cofinancing_from_budget_or_free_cash) {
  World world = build(scenario_text(1, 4, 0, R"(
[[funders]]
name = "idf"
kind = "idf_loan"
annual_budget = 1000
min_trl = 5
max_trl = 9
min_loan = 0.1
max_loan = 1000
cofinancing = 0.5
)"));
  give_every_firm_a_project(world);
  auto& f = world.firms;
  const double project = project_remaining_cost(world, 0);
  ASSERT_GT(project, 12 * world.parameters().stage_cost[kTrl - 1]);  // more than a year of TRL 5
  const double share = world.parameters().rd_innovation_share;
  // Cash costs of wages only, so each firm's buffer is the whole project's cost.
  const double buffer = project;
  for (int i = 0; i < f.capacity; ++i) {
    const auto n = std::size_t(i);
    f.rd_budget[n] = 0;
    f.cash[n] = 0;
    f.input_costs[n] = 0;
    f.wage_bill[n] = buffer / world.parameters().cash_buffer_months;
    f.credit_line[n] = 0;
    for (std::size_t k = n * kLoanSlots; k < (n + 1) * kLoanSlots; ++k) f.loan_months_left[k] = 0;
  }
  f.cash[0] = buffer;                                   // only its buffer
  f.cash[1] = buffer + 0.51 * project;                  // co-finances from free cash
  f.rd_budget[2] = 0.51 * project / (12 * share);       // from a year of innovation budget
  f.rd_budget[3] = 0.9 * 0.5 * project / (12 * share);  // short of the co-financing
  f.cash[3] = buffer;
  finance_phase(world);
  ASSERT_NEAR(cash_buffer(world, 0), buffer, 1e-9 * buffer);
  EXPECT_EQ(f.earmarked[0], 0.0);
  EXPECT_NEAR(f.earmarked[1], 0.5 * project, 1e-9);
  EXPECT_NEAR(f.earmarked[2], 0.5 * project, 1e-9);
  EXPECT_EQ(f.earmarked[3], 0.0);
}

// --- Defence orders ------------------------------------------------------------

std::string defence_scenario(double budget) {
  std::string text = scenario_text(1, 6, 0, R"(
[[funders]]
name = "mod"
kind = "defence_orders"
annual_budget = )" + std::to_string(budget) + "\n");
  return text;
}

double capacity_of(const World& world, int i) {
  const auto& f = world.firms;
  const auto n = std::size_t(i);
  return f.employees[n] * world.scenario().sectors[std::size_t(f.sector[n])].revenue_per_employee *
         f.productivity[n];
}

TEST(Instruments, defence_orders_never_exceed_budget_or_defence_share_of_capacity) {
  for (const double budget : {1.0, 1e6}) {
    World world = build(defence_scenario(budget));
    auto& f = world.firms;
    for (int i = 0; i < 3; ++i) {
      f.dual_use[std::size_t(i)] = 1;
      f.defence_share[std::size_t(i)] = 0.2 * (i + 1);
    }
    double year = 0;
    for (int month = 0; month < 12; ++month) {
      finance_phase(world);
      allocate_defence_orders(world);
      double total = 0;
      for (int i = 0; i < f.capacity; ++i) {
        const double order = f.defence_revenue[std::size_t(i)];  // money
        EXPECT_LE(defence_volume(world, std::size_t(i)),
                  f.defence_share[std::size_t(i)] * capacity_of(world, i) + 1e-12);
        if (!f.dual_use[std::size_t(i)]) EXPECT_EQ(order, 0.0);
        total += order;
      }
      EXPECT_NEAR(total, world.funders.disbursed_month[0], 1e-12);
      EXPECT_LE(total, budget / 12.0 + 1e-12);
      if (budget > 1e5)  // a large budget buys the whole defence share
        EXPECT_NEAR(f.defence_revenue[2], 0.6 * capacity_of(world, 2), 1e-9);
      else
        EXPECT_NEAR(total, budget / 12.0, 1e-12);
      year += total;
      next_month(world);
    }
    EXPECT_LE(year, budget + 1e-9);
  }
}

// State orders are priced on costs indexed to the producers' price level (Decree No. 1465 of
// 2017): at a sector price of 1.25 a unit of defence capacity costs 1.25 with full
// indexation and 1.125 with half. A budget that covers the whole defence share pays that
// price for the same capacity; a budget that binds buys less capacity, never more money.
TEST(Instruments, defence_orders_are_paid_at_the_indexed_sector_price) {
  for (const double indexation : {0.0, 0.5, 1.0}) {
    const double price = 1.0 + indexation * 0.25;
    for (const double budget : {1.0, 1e6}) {
      World world = build(defence_scenario(budget));
      auto& f = world.firms;
      f.dual_use[2] = 1;
      f.defence_share[2] = 0.6;
      world.live.parameters.defence_price_indexation = indexation;
      world.environment.sector_price[std::size_t(f.sector[2])] = 1.25;
      finance_phase(world);
      allocate_defence_orders(world);
      EXPECT_DOUBLE_EQ(defence_price(world, 2), price);
      const double volume = budget > 1e5 ? 0.6 * capacity_of(world, 2) : budget / 12.0 / price;
      EXPECT_NEAR(defence_volume(world, 2), volume, 1e-9 * volume) << indexation << " " << budget;
      EXPECT_NEAR(f.defence_revenue[2], volume * price, 1e-9 * volume)
          << indexation << " " << budget;
      EXPECT_NEAR(world.funders.disbursed_month[0], f.defence_revenue[2], 1e-12);
    }
  }
}

// A budget cut frees, in capacity, what the money no longer buys at this month's price: at a
// sector price of 1.25 a cut of c idles c / 1.25 of the only dual-use firm's lines (the money
// itself before stop 39), and the orders left are paid at that price.
TEST(Instruments, a_budget_cut_idles_the_capacity_the_money_bought) {
  World world = build(defence_scenario(1e6));
  auto& f = world.firms;
  f.dual_use[2] = 1;
  f.defence_share[2] = 0.6;
  world.environment.sector_price[std::size_t(f.sector[2])] = 1.25;
  finance_phase(world);
  allocate_defence_orders(world);
  const double bought = world.funders.orders_last[0];
  ASSERT_NEAR(bought, 0.6 * capacity_of(world, 2) * 1.25, 1e-9 * bought);
  world.funders.annual_budget[0] = 12.0 * 0.5 * bought;  // half the money from next month
  next_month(world);
  finance_phase(world);
  world.environment.sector_price[std::size_t(f.sector[2])] = 1.25;
  const double room = 0.6 * capacity_of(world, 2);
  const double cut = bought - world.funders.annual_budget[0] / 12.0;
  allocate_defence_orders(world);
  EXPECT_NEAR(f.idle_defence[2], cut / 1.25, 1e-9 * room);
  EXPECT_NEAR(f.defence_revenue[2], 0.5 * bought, 1e-9 * bought);
  EXPECT_NEAR(defence_volume(world, 2), 0.5 * bought / 1.25, 1e-9 * room);
}

TEST(Instruments, defence_share_falls_with_each_new_product) {
  World world = build(defence_scenario(100));
  auto& f = world.firms;
  auto& p = world.live.parameters;
  p.stage_success.assign(9, 1.0);
  f.dual_use[0] = 1;
  f.defence_share[0] = 0.5;
  testing::give_project(world, 0, {0, 1}, 9);
  f.project_progress[0] = 1.0;
  innovation_phase(world);
  EXPECT_EQ(world.running.innovations[0], 1);
  EXPECT_NEAR(f.defence_share[0], 0.5 - p.civilian_shift_per_product, 1e-15);
}

// A budget below last month's purchases frees the difference as idle capacity, split by
// room; orders that fall because the firms' room fell free nothing.
TEST(Instruments, a_defence_budget_cut_frees_idle_capacity_and_a_smaller_room_does_not) {
  World world = build(defence_scenario(0));
  auto& f = world.firms;
  for (int i = 0; i < 3; ++i) {
    f.dual_use[std::size_t(i)] = 1;
    f.defence_share[std::size_t(i)] = 0.5;
  }
  double room = 0;
  for (int i = 0; i < 3; ++i) room += 0.5 * capacity_of(world, i);
  world.funders.annual_budget[0] = 12 * 0.8 * room;
  finance_phase(world);
  allocate_defence_orders(world);
  const double bought = world.funders.disbursed_month[0];
  EXPECT_NEAR(bought, 0.8 * room, 1e-9);
  auto idle = [&] { return f.idle_defence[0] + f.idle_defence[1] + f.idle_defence[2]; };
  EXPECT_EQ(idle(), 0.0);
  // Room halves, budget unchanged: fewer orders, nothing freed.
  next_month(world);
  for (int i = 0; i < 3; ++i) f.defence_share[std::size_t(i)] = 0.25;
  finance_phase(world);
  allocate_defence_orders(world);
  EXPECT_NEAR(world.funders.disbursed_month[0], 0.5 * room, 1e-9);
  EXPECT_EQ(idle(), 0.0);
  // Budget cut to 0.3 x the original room: last month's 0.5 x room less 0.3 x room freed.
  next_month(world);
  world.funders.annual_budget[0] = 12 * 0.3 * room;
  finance_phase(world);
  allocate_defence_orders(world);
  EXPECT_NEAR(idle(), 0.2 * room, 1e-9);
  EXPECT_NEAR(f.idle_defence[0] / idle(), capacity_of(world, 0) / (2 * room), 1e-12);
}

TEST(Instruments, metrics_split_public_money_by_instrument) {
  World world = build(defence_scenario(120));
  world.firms.dual_use[0] = 1;
  world.firms.defence_share[0] = 1.0;
  finance_phase(world);
  allocate_defence_orders(world);
  const auto group = instrument_metrics();
  std::vector<double> row(group.infos.size());
  group.make_recorder()(world, row.data());
  auto value = [&](const std::string& name) {
    for (std::size_t m = 0; m < group.infos.size(); ++m)
      if (group.infos[m].name == name) return row[m];
    ADD_FAILURE() << name;
    return -1.0;
  };
  EXPECT_NEAR(value("public_money_defence_orders"), world.firms.defence_revenue[0], 1e-12);
  EXPECT_GT(value("public_money_defence_orders"), 0.0);
  EXPECT_EQ(value("public_money_grants"), 0.0);
  EXPECT_NEAR(value("public_money_cumulative"), value("public_money_defence_orders"), 1e-12);
  EXPECT_NEAR(value("defence_output"), world.firms.defence_revenue[0], 1e-12);
}

}  // namespace
}  // namespace clustersim
