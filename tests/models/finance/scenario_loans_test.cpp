// Shipped scenarios with soft-loan programmes take their loans at real programme size:
// the IDF lends 100-1,000 mln RUB (sanctions_2022, the Fund's current terms) and
// 50-500 mln (spb_pharma, its 2015-2019 terms) to scale-up projects of real cost.
#include <gtest/gtest.h>

#include "models/scenario/scenario_loader.hpp"
#include "support/test_support.hpp"

namespace clustersim::testing {
namespace {

struct Lent {
  double loans = 0, money = 0, smallest = 1e300, largest = 0;  // sizes: monthly means
};

Lent idf_lending(const std::string& scenario_file) {
  const Scenario scenario =
      load_scenario_file(source_path("scenarios/" + scenario_file), {"replications=4"});
  const MetricTable table = run_model(scenario, 2);
  const int count = table.index_of("loans_granted_idf_loan");
  const int money = table.index_of("public_money_idf_loan");
  EXPECT_GE(count, 0);
  EXPECT_GE(money, 0);
  Lent lent;
  for (int r = 0; r < table.replications(); ++r)
    for (int t = 0; t < table.columns(); ++t) {
      const double n = table.at(count, r, t), m = table.at(money, r, t);
      if (n <= 0) continue;
      lent.loans += n;
      lent.money += m;
      lent.smallest = std::min(lent.smallest, m / n);
      lent.largest = std::max(lent.largest, m / n);
    }
  return lent;
}

TEST(ScenarioLoans, sanctions_2022_takes_idf_loans_of_100_to_1000_mln) {
  const Lent lent = idf_lending("sanctions_2022.toml");
  EXPECT_GE(lent.loans, 4);  // about two a run
  EXPECT_GE(lent.smallest, 100.0);
  EXPECT_LE(lent.largest, 1000.0);
}

TEST(ScenarioLoans, spb_pharma_idf_loans_average_over_100_mln) {
  const Lent lent = idf_lending("spb_pharma.toml");
  // About two a run: co-financing (50%) must come from a year of innovation budget, grants or
  // cash above the target buffer (8-9 a run while buffer cash counted).
  EXPECT_GE(lent.loans, 4);
  EXPECT_GE(lent.money / lent.loans, 100.0);
  EXPECT_LE(lent.largest, 500.0);
}

}  // namespace
}  // namespace clustersim::testing
