// The market's pure formulas (docs/model.md 3.7: Imports, Market selection).
#include "models/production/market_rules.hpp"

#include <gtest/gtest.h>

namespace clustersim::rules {
namespace {

TEST(MarketRules, starting_weight_gives_the_import_share) {
  const double foreign = foreign_weight_at_start(8.0, 0.6);
  EXPECT_NEAR(1.0 - domestic_market_share(8.0, foreign), 0.6, 1e-15);
  EXPECT_EQ(foreign_weight_at_start(8.0, 0.0), 0.0);
  EXPECT_EQ(domestic_market_share(8.0, 0.0), 1.0);  // no imports: the whole market
}

TEST(MarketRules, foreign_weight_falls_with_exit_and_with_dearer_imports) {
  const double start = 5.0;
  EXPECT_EQ(foreign_weight(start, 1.0, 1.0, 1.0, 1.5), start);
  EXPECT_NEAR(foreign_weight(start, 0.6, 1.0, 1.0, 1.5), 3.0, 1e-12);  // 40% left
  // A devaluation to twice the rate makes imports dearer: 2^-1.5 of the weight.
  EXPECT_NEAR(foreign_weight(start, 1.0, 2.0, 1.0, 1.5), start * 0.35355339059327379, 1e-12);
  // Domestic prices that rise as much as the rouble falls leave the relative price alone.
  EXPECT_NEAR(foreign_weight(start, 1.0, 2.0, 2.0, 1.5), start, 1e-12);
  // Elasticity 0: buyers ignore prices.
  EXPECT_EQ(foreign_weight(start, 1.0, 3.0, 1.0, 0.0), start);
  EXPECT_EQ(foreign_weight(start, 0.0, 1.0, 1.0, 1.5), 0.0);
}

TEST(MarketRules, domestic_share_rises_as_foreign_weight_falls) {
  EXPECT_LT(domestic_market_share(2.0, 6.0), domestic_market_share(2.0, 3.0));
  EXPECT_NEAR(domestic_market_share(2.0, 6.0), 0.25, 1e-15);
}

// A firm's excess demand: the sector's demand shared by capacity x appeal, per unit of the
// firm's capacity. Over the firms, capacity-weighted, 1 + u averages to demand / capacity,
// whatever the appeals; a firm with the mean appeal sees exactly that. In a sector with room
// to spare (demand 0.9 of capacity) the favoured firm is still short.
TEST(MarketRules, excess_demand_for_a_firm_follows_its_appeal_over_the_mean) {
  const double capacity[] = {10.0, 30.0, 60.0};
  const double appeal[] = {1.5, 1.0, 0.8};
  const double demand = 90.0;
  double supply = 0, served = 0;
  for (int i = 0; i < 3; ++i) supply += capacity[i] * appeal[i];
  for (int i = 0; i < 3; ++i)
    served += capacity[i] * (1.0 + excess_demand_for_firm(demand, appeal[i], supply));
  EXPECT_NEAR(served, demand, 1e-12);
  const double mean_appeal = supply / 100.0;
  EXPECT_NEAR(excess_demand_for_firm(demand, mean_appeal, supply), demand / 100.0 - 1.0, 1e-15);
  EXPECT_GT(excess_demand_for_firm(demand, 1.5, supply), 0.0);  // favoured: short
  EXPECT_LT(excess_demand_for_firm(demand, 0.8, supply), 0.0);  // idles
  EXPECT_EQ(excess_demand_for_firm(demand, 1.0, 0.0), 0.0);     // no supply: no plan
}

// What a firm adds serves civilians: a firm with a third of its capacity on fixed defence
// orders needs two thirds of its unmet demand in new workforce; none without civilian lines.
TEST(MarketRules, planned_growth_counts_only_civilian_capacity) {
  EXPECT_NEAR(planned_growth(0.3, 1.0, 1.0), 0.3, 1e-15);
  EXPECT_NEAR(planned_growth(0.3, 2.0 / 3.0, 1.0), 0.2, 1e-15);
  EXPECT_EQ(planned_growth(0.3, 0.0, 1.0), 0.0);
  EXPECT_EQ(planned_growth(-0.2, 1.0, 1.0), 0.0);  // not short: no growth
  EXPECT_EQ(planned_growth(3.0, 1.0, 1.0), 1.0);   // at most the cap
}

// Inputs (docs/model.md 3.7, "Input costs"): the domestic part follows the firm's sales
// value, the imported part its volume at the rouble import price. A firm whose price rose
// by 10% to pass on a 20% dearer rouble sells 110 for 100 units; with half its inputs
// imported its bill is 0.5 x 0.5 x 110 + 0.5 x 100 x 0.6 (0.5 imported x 1.2), not the
// sales value times the dearer rouble.
TEST(MarketRules, input_bill_prices_imports_at_the_exchange_rate_not_the_sales_price) {
  const double share = 0.5, volume = 100.0, sales = 110.0;
  EXPECT_NEAR(input_bill(share * sales, share * volume, 0.5, 0.5 * 1.2), 27.5 + 30.0, 1e-12);
  // Without imports the bill is the input share of sales, exactly.
  EXPECT_EQ(input_bill(share * sales, share * volume, 0.0, 0.0), share * sales);
  // At list prices and the firm's own price at 1 it is the input share of sales.
  EXPECT_NEAR(input_bill(share * volume, share * volume, 0.5, 0.5), share * volume, 1e-12);
}

}  // namespace
}  // namespace clustersim::rules
