// Markets shared with foreign suppliers and the exchange rate (docs/model.md 3.7,
// Imports): each test fails when its channel is switched off or reversed.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <numeric>
#include <sstream>
#include <string>
#include <vector>

#include "models/cluster_model.hpp"
#include "models/scenario/scenario_loader.hpp"
#include "support/test_support.hpp"

namespace clustersim::testing {
namespace {

// The tutorial (one sector, 2020-01 on) with `extra` TOML appended and `overrides`.
Scenario tutorial_with(const std::string& extra, const std::vector<std::string>& overrides = {}) {
  std::ifstream in(source_path("scenarios/tutorial.toml"));
  std::stringstream text;
  text << in.rdbuf() << "\n" << extra;
  return load_scenario_text(text.str(), "tutorial_imports.toml", overrides);
}

struct MarketRun {
  World world;
  double domestic_sales = 0;  // real output of the sector's firms over the months run
};

MarketRun run_months(const Scenario& scenario, int months) {
  const auto model = cluster_model(scenario);
  MarketRun run{model.build(0)};
  for (int m = 0; m < months; ++m) {
    step_month(model, run.world);
    run.domestic_sales += run.world.environment.sector_output[0];
  }
  return run;
}

double import_share(const World& world) {
  return 1.0 - world.environment.domestic_share[0];
}

// Imports serve the sector's share in the first month (the share is also the initial
// value, so the real imports the market split computes are checked too: 0 without it).
TEST(Imports, imports_serve_the_sector_share_in_the_first_month) {
  const MarketRun run = run_months(tutorial_with("", {"sectors.0.import_share=0.6"}), 1);
  EXPECT_NEAR(import_share(run.world), 0.6, 1e-12);
  const auto& e = run.world.environment;
  EXPECT_GT(e.sector_imports[0], 0.0);
  EXPECT_GT(e.sector_imports[0], e.sector_output[0]);  // 60% of the market against 40%
  const MarketRun none = run_months(tutorial_with(""), 1);
  EXPECT_EQ(import_share(none.world), 0.0);
}

// Foreign suppliers that leave free a share of the market that domestic firms win: their
// real output rises against the same run (same seed) without the exit.
TEST(Imports, foreign_exit_lets_domestic_firms_sell_more) {
  const std::vector<std::string> imports = {"sectors.0.import_share=0.6"};
  const std::string exit = "[[events]]\ndate = \"2020-04\"\nimport_exit = 0.5\n";
  const MarketRun with_exit = run_months(tutorial_with(exit, imports), 18);
  const MarketRun without = run_months(tutorial_with("", imports), 18);
  EXPECT_LT(import_share(with_exit.world), import_share(without.world) - 0.05);
  EXPECT_GT(with_exit.domestic_sales, 1.02 * without.domestic_sales);
}

// Buyers place with the cluster's firms the share of demand that imports leave them in
// the same month: in the month foreign suppliers leave, with every firm below capacity,
// domestic sales and imports still add up to demand (imports / import share). Fails when
// the firms sell against demand taken before imports take their share.
TEST(Imports, firms_sell_the_share_imports_leave_them_in_the_same_month) {
  const std::vector<std::string> slack = {"sectors.0.import_share=0.6",
                                          "sectors.0.demand_ratio=0.3"};
  const std::string exit = "[[events]]\ndate = \"2020-04\"\nimport_exit = 0.5\n";
  const MarketRun before = run_months(tutorial_with(exit, slack), 3);
  const MarketRun run = run_months(tutorial_with(exit, slack), 4);
  ASSERT_GT(import_share(before.world), import_share(run.world) + 0.05);  // the exit acts
  const auto& e = run.world.environment;
  const double demand = e.sector_imports[0] / import_share(run.world);
  EXPECT_NEAR(e.sector_output[0], demand * e.domestic_share[0], 1e-9 * demand);
}

// A devaluation makes imports dearer (their share falls), raises the rouble revenue of
// exports and the cost of critical imported inputs.
TEST(Imports, devaluation_makes_imports_dearer_and_exports_worth_more) {
  const std::vector<std::string> set = {"sectors.0.import_share=0.6", "firms.0.export_share=0.3",
                                        "firms.0.import_dependence.electronics=0.3"};
  const std::string path = "[[exchange_rate]]\nfrom = \"2020-01\"\nrub_per_usd = 60\n";
  const std::string devalued = path + "[[exchange_rate]]\nfrom = \"2020-03\"\nrub_per_usd = 120\n";
  const MarketRun stable = run_months(tutorial_with(path, set), 3);
  const MarketRun falling = run_months(tutorial_with(devalued, set), 3);
  EXPECT_LT(import_share(falling.world), import_share(stable.world) - 0.1);
  const auto& fs = stable.world.firms;
  const auto& ff = falling.world.firms;
  double exports_stable = 0, exports_falling = 0;
  for (std::size_t n = 0; n < std::size_t(fs.capacity); ++n)
    if (fs.alive[n] && ff.alive[n] && fs.export_share[n] > 0) {
      exports_stable += fs.export_revenue[n];
      exports_falling += ff.export_revenue[n];
      EXPECT_GT(ff.input_costs[n] / ff.revenue[n], fs.input_costs[n] / fs.revenue[n]);
    }
  ASSERT_GT(exports_stable, 0);
  EXPECT_GT(exports_falling, 1.5 * exports_stable);
}

// Capacity that lost export markets leave idle is offered at home ("venting"): with home
// demand half again above capacity, exporters that lose every export market sell about
// what they exported at home instead; without the redirection their home sales would stay
// as they were (checked: the ratio is then 1.0).
TEST(Imports, capacity_freed_by_lost_exports_is_sold_at_home) {
  const std::vector<std::string> set = {"sectors.0.demand_ratio=1.5", "firms.0.export_share=0.5",
                                        "parameters.production.demand_shock=0"};
  const std::string loss = "[[events]]\ndate = \"2020-02\"\nexport_loss = 1.0\n";
  const MarketRun lost = run_months(tutorial_with(loss, set), 2);
  const MarketRun kept = run_months(tutorial_with("", set), 2);
  auto home_volume = [](const World& world) {
    const auto& f = world.firms;
    double home = 0;
    for (std::size_t n = 0; n < std::size_t(f.capacity); ++n)
      if (f.alive[n] && f.export_share[n] > 0)
        home += f.output_volume[n] - f.export_revenue[n] - f.defence_revenue[n];
    return home;
  };
  EXPECT_EQ(lost.world.environment.export_loss, 1.0);
  ASSERT_GT(home_volume(kept.world), 0);
  EXPECT_GT(home_volume(lost.world), 1.6 * home_volume(kept.world));
}

// Workers idled by missing critical inputs are on downtime pay: in the month of a cut, an
// import-dependent firm's wage bill is 1 - (1 - availability)(1 - downtime_pay) of the one
// with idle workers paid in full (same employees: the runs differ from that month only).
TEST(Imports, workers_idled_by_missing_inputs_get_downtime_pay) {
  const std::string cut =
      "[[events]]\ndate = \"2020-03\"\nimport_cut = { electronics = 0.5 }\nparallel_delay = 6\n";
  auto run = [&](const std::string& pay) {
    return run_months(tutorial_with(cut, {"firms.0.import_dependence.electronics=0.4",
                                          "parameters.production.downtime_pay=" + pay}),
                      3);
  };
  const MarketRun downtime = run("0.6666666666666666");
  const MarketRun full = run("1");
  const auto& fd = downtime.world.firms;
  const auto& ff = full.world.firms;
  int idled = 0;
  for (std::size_t n = 0; n < std::size_t(fd.capacity); ++n) {
    if (!fd.alive[n]) continue;
    const double idle = 1.0 - fd.availability[n];
    if (idle > 0) ++idled;
    EXPECT_NEAR(fd.wage_bill[n], ff.wage_bill[n] * (1.0 - idle / 3.0), 1e-9 * ff.wage_bill[n]) << n;
  }
  EXPECT_GT(idled, 0);
}

// Markup pricing: a devaluation raises the rouble cost of imported inputs, and the sector's
// price passes that on (by the inputs' share of cost); with no pass-through only excess
// demand moves it.
TEST(Imports, prices_pass_on_dearer_imported_inputs) {
  const std::string devalued =
      "[[exchange_rate]]\nfrom = \"2020-01\"\nrub_per_usd = 60\n"
      "[[exchange_rate]]\nfrom = \"2020-03\"\nrub_per_usd = 120\n";
  auto price = [&](const char* pass) {
    const MarketRun run = run_months(
        tutorial_with(devalued, {"firms.0.import_dependence.electronics=0.4",
                                 "firms.1.import_dependence.electronics=0.4",
                                 std::string("parameters.production.cost_pass_through=") + pass}),
        4);
    return run.world.environment.sector_price[0];
  };
  // Input share 0.52 x dependence 0.4 x a doubled rate, for the two groups of five that
  // import: about 11% on the price.
  EXPECT_GT(price("1"), 1.06 * price("0"));
}

// Buyers' real income: a devaluation makes what they import dearer while their income
// follows domestic prices, so the month's income factor is (exchange index / last month's
// mean sector price)^-(share x elasticity), and the firms' home sales fall, with no imports
// in the sector's own market to offset it. With the share 0 the factor stays 1.
TEST(Imports, devaluation_cuts_buyers_real_income_and_home_demand) {
  const std::string devalued =
      "[[exchange_rate]]\nfrom = \"2020-01\"\nrub_per_usd = 60\n"
      "[[exchange_rate]]\nfrom = \"2020-03\"\nrub_per_usd = 120\n";
  auto scenario = [&](const char* share) {
    return tutorial_with(devalued,
                         {"sectors.0.demand_ratio=0.7", "parameters.production.demand_shock=0",
                          std::string("parameters.markets.absorption_import_share=") + share});
  };
  const MarketRun with_channel = run_months(scenario("0.23"), 6);
  const MarketRun without = run_months(scenario("0"), 6);
  EXPECT_EQ(without.world.environment.income_factor, 1.0);
  EXPECT_LT(with_channel.world.environment.income_factor, 0.9);
  EXPECT_LT(with_channel.domestic_sales, 0.95 * without.domestic_sales);

  // The formula, month by month: the mean price (one sector: its price) is read before the
  // month's production moves it.
  const auto model = cluster_model(scenario("0.23"));
  World world = model.build(0);
  for (int m = 0; m < 6; ++m) {
    const double price_before = world.environment.sector_price[0];
    const double exchange = m < 2 ? 1.0 : 2.0;  // 60 RUB/USD, then 120 from 2020-03
    step_month(model, world);
    EXPECT_NEAR(world.environment.income_factor, std::pow(exchange / price_before, -0.23), 1e-12)
        << "month " << m;
  }
  EXPECT_NE(world.environment.sector_price[0], 1.0);  // the price moved: the test sees it
}

// Critical imports are a quantity priced at the exchange rate: when every input is imported
// (dependence 1) and the rouble halves, a firm pays twice its inputs at list prices, however
// far its price rose to pass that on (before stop 39 the bill was the sales value times the
// dearer rouble, so a price raised to pass on the devaluation made the imports dearer again).
TEST(Imports, imported_inputs_cost_the_exchange_rate_whatever_the_firms_price) {
  const std::string devalued =
      "[[exchange_rate]]\nfrom = \"2020-01\"\nrub_per_usd = 60\n"
      "[[exchange_rate]]\nfrom = \"2020-03\"\nrub_per_usd = 120\n";
  std::vector<std::string> set;
  for (int g = 0; g < 5; ++g)
    set.push_back("firms." + std::to_string(g) + ".import_dependence.electronics=1");
  const MarketRun run = run_months(tutorial_with(devalued, set), 6);
  const auto& f = run.world.firms;
  const double share = run.world.scenario().sectors[0].input_cost_share;
  EXPECT_GT(run.world.environment.sector_price[0], 1.2);  // the price passed the rouble on
  int checked = 0;
  for (std::size_t n = 0; n < std::size_t(f.capacity); ++n) {
    if (!f.alive[n] || f.output_volume[n] <= 0) continue;
    const double list = share * f.output_volume[n] * run.world.scratch.efficiency[n];
    EXPECT_NEAR(f.inputs_at_list_prices[n], list, 1e-12 * list) << n;
    EXPECT_NEAR(f.input_costs[n], 2.0 * list, 1e-12 * list) << n;
    ++checked;
  }
  EXPECT_GT(checked, 10);
}

// Without imports and with a flat exchange-rate path the market is the closed one: every
// firm's revenue is bit for bit that of the scenario without the new inputs.
TEST(Imports, flat_exchange_rate_and_no_imports_change_nothing) {
  const std::string flat =
      "[[exchange_rate]]\nfrom = \"2020-01\"\nrub_per_usd = 60\n"
      "[[exchange_rate]]\nfrom = \"2021-01\"\nrub_per_usd = 60\n";
  const MarketRun plain = run_months(tutorial_with(""), 24);
  const MarketRun with_path = run_months(tutorial_with(flat), 24);
  EXPECT_EQ(plain.world.firms.revenue, with_path.world.firms.revenue);
  EXPECT_EQ(plain.domestic_sales, with_path.domestic_sales);
}

}  // namespace
}  // namespace clustersim::testing
