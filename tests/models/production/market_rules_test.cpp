// The Armington market's pure formulas (docs/model.md 3.7, Imports).
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

}  // namespace
}  // namespace clustersim::rules
