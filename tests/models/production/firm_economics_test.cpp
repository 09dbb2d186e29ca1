// Issue 9, firm economics: wage indexation, free entry, owners' exit review and the cost of
// industrial scale-up. Each test states the sign of its rule and fails when the rule is
// switched off or reversed.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "models/cluster_model.hpp"
#include "models/finance/money.hpp"
#include "models/innovation/project_cost.hpp"
#include "models/model_fixtures.hpp"
#include "models/phases.hpp"
#include "support/test_support.hpp"

namespace clustersim::testing {
namespace {

Scenario tutorial(std::vector<std::string> overrides) {
  return load_scenario_file(source_path("scenarios/tutorial.toml"), overrides);
}

// Runs `months` months of replication 0 and returns the world.
World run_months(const Scenario& scenario, int months) {
  const auto model = cluster_model(scenario);
  World world = model.build(0);
  for (int m = 0; m < months; ++m) step_month(model, world);
  return world;
}

// Wages rise with the sector price once a year (December), and not at all when
// indexation is off. Excess demand (demand_ratio 1.5) makes the price rise.
TEST(FirmEconomics, wages_follow_prices_once_a_year_and_stay_fixed_without_indexation) {
  const std::vector<std::string> common{"sectors.0.demand_ratio=1.5",
                                        "parameters.production.wage_productivity_indexation=0"};
  auto indexed = common;
  indexed.push_back("parameters.production.wage_price_indexation=1");
  auto fixed = common;
  fixed.push_back("parameters.production.wage_price_indexation=0");
  const Scenario with = tutorial(indexed);
  ASSERT_EQ(with.calendar.start.month, 1) << "the test counts months from January";
  // Eleven months in: the price has risen, but December's indexation has not come.
  World before = run_months(with, 11);
  ASSERT_GT(mean_sector_price(before), 1.02);
  EXPECT_EQ(current_wage(before), with.parameters.wage);
  World after = run_months(with, 12);
  EXPECT_NEAR(current_wage(after), with.parameters.wage * mean_sector_price(after), 1e-12);
  World off = run_months(tutorial(fixed), 24);
  EXPECT_EQ(current_wage(off), with.parameters.wage);
}

// Free entry: a cluster whose firms earn more than the reference margin draws more
// entrants than one whose firms earn less (same seeds, only the reference moves).
TEST(FirmEconomics, entry_rises_with_profitability_relative_to_the_normal_margin) {
  auto entries = [](const char* reference) {
    const MetricTable table = run_model(
        tutorial({"replications=8", "clusters.0.entry_rate=0.1",
                  std::string("parameters.demography.entry_reference_margin=") + reference}));
    const int metric = table.index_of("entries");
    double sum = 0;
    for (int r = 0; r < table.replications(); ++r)
      for (int c = 0; c < table.columns(); ++c) sum += table.at(metric, r, c);
    return sum;
  };
  EXPECT_GT(entries("-0.2"), 1.5 * entries("0.2"));
}

// The profitability entrants see is the cluster's aggregate margin, profit over revenue,
// as Rosstat's reference margin is: one large profitable firm among many small loss-making
// ones draws entrants (factor 4.5 on the base rate), the mirror image does not (0.5).
// An unweighted mean of the firms' margins would rank the two the other way round.
TEST(FirmEconomics, entry_follows_the_revenue_weighted_margin) {
  auto entries = [](double large_margin, double small_margin) {
    auto scenario = minimal_scenario();
    scenario.clusters[0].entry_rate = 0.4;
    scenario.parameters.spinoff_rate = 0;
    scenario.parameters.startup_rate = 0;
    scenario.parameters.exit_review_probability = 0;
    World world = build_world(scenario, 0);
    auto& f = world.firms;
    int created = 0;
    for (world.step = 1; world.step <= 12; ++world.step) {
      for (int i = 0; i < 30; ++i) {
        const auto n = std::size_t(i);
        f.revenue[n] = i == 0 ? 100.0 : 1.0;
        f.profit_margin[n] = i == 0 ? large_margin : small_margin;
        f.margin_months[n] = 1;
      }
      world.month.entries = 0;
      demography_phase(world);
      created += world.month.entries;
    }
    return created;
  };
  const int large_profitable = entries(0.3, -0.1), small_profitable = entries(-0.1, 0.3);
  EXPECT_GT(large_profitable, 5 * small_profitable + 5)
      << large_profitable << " vs " << small_profitable;
}

// Owners close a loss-making firm at its review only with exit_review_probability:
// 0 keeps every such firm, 1 closes every one.
TEST(FirmEconomics, exit_review_probability_decides_whether_a_loss_making_firm_closes) {
  for (const double chance : {0.0, 1.0}) {
    auto scenario = minimal_scenario();
    scenario.clusters[0].entry_rate = 0;
    scenario.parameters.entry_replacement = 0;
    scenario.parameters.spinoff_rate = 0;
    scenario.parameters.startup_rate = 0;
    scenario.parameters.exit_review_probability = chance;
    World world = build_world(scenario, 0);
    auto& f = world.firms;
    const auto& p = world.parameters();
    for (int i = 0; i < f.capacity; ++i) {
      if (!f.alive[std::size_t(i)]) continue;
      f.profit_margin[std::size_t(i)] = p.exit_min_margin - 0.05;
      f.margin_months[std::size_t(i)] = std::int16_t(p.profit_memory_months);
    }
    int alive_before = 0;
    for (auto a : f.alive) alive_before += a;
    for (int month = 0; month < 12; ++month, ++world.step) demography_phase(world);
    int alive_after = 0;
    for (auto a : f.alive) alive_after += a;
    if (chance == 0.0)
      EXPECT_EQ(alive_after, alive_before);
    else
      EXPECT_EQ(alive_after, 0);
  }
}

// Research stages cost the same for every firm; scale-up stages (from TRL 7 by default)
// cost in proportion to the firm's size above the reference.
TEST(FirmEconomics, scale_up_stages_cost_more_in_larger_firms) {
  World world = build_world(minimal_scenario(), 0);
  const auto& p = world.parameters();
  ASSERT_EQ(p.scaleup_from_trl, 7);
  world.firms.employees[0] = 10 * p.scaleup_reference_employees;
  world.firms.employees[1] = 0.5 * p.scaleup_reference_employees;
  EXPECT_EQ(project_stage_cost(world, 0, 5), p.stage_cost[5]);                // TRL 6: research
  EXPECT_NEAR(project_stage_cost(world, 0, 6), 10 * p.stage_cost[6], 1e-12);  // TRL 7
  EXPECT_EQ(project_stage_cost(world, 1, 6), p.stage_cost[6]);  // smaller than the reference
}

// ---- working capital: receivables and the revolving line ---------------------------

// Firm 0 of the minimal world, alone under test: fixed monthly sales, inputs and wages,
// no receivables or line yet, cash well above any buffer.
World working_capital_world(double lag, double advance) {
  auto scenario = minimal_scenario();
  scenario.parameters.collection_lag_months = lag;
  scenario.parameters.receivables_advance = advance;
  World world = build_world(scenario, 0);
  auto& f = world.firms;
  f.receivables[0] = 0;
  f.credit_line[0] = 0;
  f.cash[0] = 1000.0;
  return world;
}

// One month of firm 0's accounts at sales `sales`, then the credit market.
void settle_month(World& world, double sales) {
  auto& f = world.firms;
  f.revenue[0] = sales;
  f.input_costs[0] = 0.5 * sales;
  f.wage_bill[0] = 0.3 * sales;
  f.rd_spent[0] = 0;
  f.investment_gap[0] = 0;
  f.loans_received[0] = 0;
  f.principal_repaid[0] = 0;
  settle_accounts(world, 0);
  borrow_commercially(world);
}

// Customers pay after the lag, so receivables settle at lag months of sales and the firm
// borrows receivables_advance of them on its line; with lag 0 it neither waits nor borrows.
TEST(WorkingCapital, receivables_settle_at_the_lag_and_the_line_lends_against_them) {
  for (const double lag : {0.0, 2.0}) {
    World world = working_capital_world(lag, 0.8);
    double borrowed = 0;
    for (int month = 0; month < 120; ++month) {
      settle_month(world, 10.0);
      borrowed += world.firms.loans_received[0];
    }
    const auto& f = world.firms;
    EXPECT_NEAR(f.receivables[0], lag * 10.0, 1e-9) << "lag " << lag;
    EXPECT_NEAR(f.credit_line[0], 0.8 * lag * 10.0, 1e-9) << "lag " << lag;
    EXPECT_NEAR(debt_of(f, 0, true), 0.8 * lag * 10.0, 1e-9);
    if (lag > 0) EXPECT_NEAR(borrowed, 16.0, 1e-9);
    if (lag == 0) EXPECT_EQ(borrowed, 0.0);
  }
}

// When receivables fall the line is repaid from cash, as far as cash allows.
TEST(WorkingCapital, line_is_repaid_from_cash_when_receivables_fall) {
  World world = working_capital_world(1.0, 0.8);
  auto& f = world.firms;
  f.credit_line[0] = 16.0;
  f.receivables[0] = 5.0;
  f.cash[0] = 100.0;
  borrow_commercially(world);
  EXPECT_NEAR(f.credit_line[0], 4.0, 1e-12);
  EXPECT_NEAR(f.principal_repaid[0], 12.0, 1e-12);
  EXPECT_NEAR(f.cash[0], 88.0, 1e-12);
  f.credit_line[0] = 16.0;
  f.principal_repaid[0] = 0;
  f.cash[0] = 3.0;  // short of cash: repays what it has
  borrow_commercially(world);
  EXPECT_NEAR(f.credit_line[0], 13.0, 1e-12);
  EXPECT_NEAR(f.cash[0], 0.0, 1e-12);
}

// The line is repriced with the key rate: the same debt costs more interest at a higher
// rate; an exit writes the line off as a default.
TEST(WorkingCapital, higher_key_rate_raises_interest_on_the_line_and_exit_writes_it_off) {
  std::vector<double> interest;
  for (const double key : {0.05, 0.15}) {
    World world = working_capital_world(1.5, 0.8);
    world.environment.key_rate = key;
    world.firms.credit_line[0] = 100.0;
    world.firms.revenue[0] = 100.0;
    const double cash = world.firms.cash[0];
    service_loans(world);
    interest.push_back(world.firms.interest_paid[0]);
    EXPECT_NEAR(world.firms.cash[0], cash - interest.back(), 1e-12);
    EXPECT_NEAR(interest.back(), 100.0 * commercial_rate(world, 0) / 12.0, 1e-12);
    default_loans(world, 0);
    EXPECT_NEAR(world.month.defaults, 100.0, 1e-12);
    EXPECT_EQ(world.firms.credit_line[0], 0.0);
  }
  EXPECT_GT(interest[1], interest[0] + 100.0 * 0.09 / 12.0);
}

// Loan money earmarked for a project (IDF) sits in cash but is not free cash: owners take
// no dividend from it and investment does not spend it, so the project can still draw it.
TEST(WorkingCapital, earmarked_loan_money_is_neither_paid_out_nor_invested) {
  for (const double earmarked : {0.0, 2000.0}) {
    World world = working_capital_world(0.0, 0.0);
    auto& f = world.firms;
    f.earmarked[0] = earmarked;  // 2000: all of the firm's 1000 of cash and more
    f.revenue[0] = 10.0;
    f.input_costs[0] = 5.0;
    f.wage_bill[0] = 3.0;
    f.rd_spent[0] = f.loans_received[0] = f.principal_repaid[0] = f.interest_paid[0] = 0;
    f.investment_gap[0] = 100.0;
    settle_accounts(world, 0);
    if (earmarked == 0) {
      EXPECT_NEAR(f.investment[0], 100.0, 1e-9);
      EXPECT_GT(f.dividends[0], 0.0);
    } else {
      EXPECT_EQ(f.investment[0], 0.0);
      EXPECT_EQ(f.dividends[0], 0.0);
    }
  }
}

// ---- persistent cost heterogeneity -----------------------------------------------------

double standard_deviation(const std::vector<double>& values) {
  double mean = 0, squares = 0;
  for (double v : values) mean += v;
  mean /= double(values.size());
  for (double v : values) squares += (v - mean) * (v - mean);
  return std::sqrt(squares / double(values.size() - 1));
}

// Smoothed margins and cost shocks of the firms alive after `months` of tutorial with 400
// SMEs at the given cost-shock s.d.
std::pair<std::vector<double>, std::vector<double>> margins_and_shocks(double sigma, int months) {
  const Scenario scenario = tutorial({"firms.1.count=400", "clusters.0.entry_rate=0",
                                      "parameters.demography.entry_replacement=0",
                                      "parameters.production.cost_shock=" + std::to_string(sigma)});
  World world = run_months(scenario, months);
  std::vector<double> margins, shocks;
  const auto& f = world.firms;
  for (int i = 0; i < f.capacity; ++i) {
    if (!f.alive[std::size_t(i)]) continue;
    margins.push_back(f.profit_margin[std::size_t(i)]);
    shocks.push_back(f.cost_shock[std::size_t(i)]);
  }
  return {margins, shocks};
}

// The cost shock is drawn from its stationary law (s.d. cost_shock) and stays there; it
// spreads firms' margins, so more of them make a loss. Off, it leaves no trace.
TEST(CostShock, is_stationary_and_spreads_margins) {
  const auto [flat, none] = margins_and_shocks(0.0, 24);
  for (double c : none) EXPECT_EQ(c, 0.0);
  for (const int months : {1, 36}) {
    const auto [margins, shocks] = margins_and_shocks(0.2, months);
    ASSERT_GT(shocks.size(), 300u);
    EXPECT_NEAR(standard_deviation(shocks), 0.2, 0.03) << months << " months";
  }
  const auto [spread, shocks] = margins_and_shocks(0.2, 24);
  EXPECT_GT(standard_deviation(spread), 1.5 * standard_deviation(flat));
  auto losses = [](const std::vector<double>& m) {
    return std::count_if(m.begin(), m.end(), [](double x) { return x < 0; }) / double(m.size());
  };
  EXPECT_GT(losses(spread), losses(flat) + 0.05);
}

// The shock is a TFP shock: labour per rouble of sales carries the same factor as
// materials, so a firm's wage bill per employee moves with its shock, and its wage share
// and input share of sales rise and fall together across firms.
TEST(CostShock, raises_labour_and_input_cost_alike) {
  const Scenario scenario = tutorial({"firms.1.count=400", "clusters.0.entry_rate=0",
                                      "parameters.demography.entry_replacement=0",
                                      "parameters.production.cost_shock=0.2"});
  World world = run_months(scenario, 6);
  const auto& f = world.firms;
  const std::vector<double> staff = f.employees;  // the month's wage bill pays these
  const double wage = current_wage(world);        // indexed only at the end of December
  production_phase(world);
  const double sigma = scenario.parameters.cost_shock;
  int checked = 0;
  for (int i = 0; i < f.capacity; ++i) {
    const auto n = std::size_t(i);
    if (!f.alive[n]) continue;
    const double factor = std::exp(f.cost_shock[n] - 0.5 * sigma * sigma);
    EXPECT_NEAR(f.wage_bill[n], wage * staff[n] * factor, 1e-9 * f.wage_bill[n]);
    checked += std::abs(factor - 1.0) > 0.05;
  }
  EXPECT_GT(checked, 200);  // most firms' factor is far from 1
}

// Entrants start without a customer base (Foster, Haltiwanger and Syverson 2016): the same
// firm in the same month sells 1 - gap e^(-1/60) of what it sells as an initial firm one
// month after entry (the youngest a firm sells at), and 1 - gap e^-2 after two time
// constants. Demand is half of capacity, so every firm sells what buyers want, not what it
// can make. Firms the run creates are the ones tagged as entrants.
TEST(EntrantDemand, a_new_firm_lacks_customers_and_gains_them_with_age) {
  const Scenario scenario =
      tutorial({"firms.1.count=400", "sectors.0.demand_ratio=0.5",
                "parameters.production.demand_shock=0", "parameters.production.cost_shock=0"});
  const World base = run_months(scenario, 12);
  const auto& f = base.firms;
  int entrants = 0, i = -1;
  for (int k = 0; k < f.capacity; ++k) {
    const auto n = std::size_t(k);
    if (!f.alive[n]) continue;
    if (f.first_column[n] > 0) {
      ++entrants;
      EXPECT_EQ(f.first_column[n], f.born_month[n] + 1);
    } else if (i < 0 && f.employees[n] < 100) {
      i = k;  // a small firm: its own appeal barely moves the sector's weighted supply
    }
  }
  ASSERT_GT(entrants, 0);
  ASSERT_GE(i, 0);
  auto revenue_at_age = [&](int age_months) {
    World world = base;
    if (age_months >= 0) {
      world.firms.first_column[std::size_t(i)] = world.step;
      world.firms.born_month[std::size_t(i)] = world.step - age_months;
    }
    production_phase(world);
    return world.firms.revenue[std::size_t(i)];
  };
  const auto& p = scenario.parameters;
  const double incumbent = revenue_at_age(-1);
  ASSERT_GT(incumbent, 0.0);
  EXPECT_NEAR(revenue_at_age(1) / incumbent,
              1.0 - p.entrant_demand_gap * std::exp(-1.0 / (12 * p.entrant_demand_years)), 0.01);
  const int two_constants = int(std::lround(24 * p.entrant_demand_years));
  EXPECT_NEAR(revenue_at_age(two_constants) / incumbent,
              1.0 - p.entrant_demand_gap * std::exp(-2.0), 0.01);
}

}  // namespace
}  // namespace clustersim::testing
