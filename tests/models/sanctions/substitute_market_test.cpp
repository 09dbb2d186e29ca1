// Induced substitution pays (docs/model.md 3.9, "Import substitutes"): what the cluster's
// firms pay for the share of critical imports bought at home goes to the holders of the
// substitute, in proportion to what each can supply, and that supply over the domain's
// needs sets the share (models/sanctions/supply.cpp, models/production/production.cpp).
#include <gtest/gtest.h>

#include <cmath>

#include "models/finance/money.hpp"
#include "models/model_fixtures.hpp"
#include "models/phases.hpp"

namespace clustersim::testing {
namespace {

constexpr int kHolder = 3;
constexpr double kDependence = 0.4;

// 60 firms, each importing kDependence of its inputs as critical inputs of domain 0 and
// none of domain 1; no substitute yet; substitutes deliver at once (no ramp-up).
World market_world(double output_share = 0.05) {
  Scenario scenario = minimal_scenario();
  scenario.firms[0].count = 60;
  scenario.parameters.substitute_ramp_months = 0;
  scenario.parameters.substitute_output_share = output_share;
  World world = build_world(scenario, 0);
  auto& f = world.firms;
  for (int i = 0; i < f.capacity; ++i) {
    f.substitutes[std::size_t(i)] = 0;
    for (int d = 0; d < f.domains; ++d) f.import_dependence(i, d) = d == 0 ? kDependence : 0.0;
  }
  return world;
}

// One month of accounts and production (the ledger opens in service_loans).
void run_month(World& world) {
  world.month = MonthTotals{};
  service_loans(world);
  production_phase(world);
  ++world.step;
}

double money(const World& world) {
  double sum = 0;
  for (int i = 0; i < world.firms.capacity; ++i)
    if (world.firms.alive[std::size_t(i)]) sum += world.firms.cash[std::size_t(i)];
  return sum;
}

double net_flows(const MonthTotals& m) {
  return m.sales - m.inputs - m.wages - m.rd - m.investment - m.taxes - m.interest - m.principal +
         m.grants_in + m.loans_new + m.equity - m.exit_cash - m.dividends - m.receivables;
}

// The first month measures the needs (no substitute can be sold before); in the second
// the holder sells. Against the same world without the holder (common random numbers),
// the holder's sales rise by exactly what the buyers pay for the substitute, which the
// buyers' input costs already contained: the cluster's sales rise by that much, its
// buyers' input costs do not, and the month's money identity holds. Fails without the
// revenue paid to holders (the holder's sales would not move).
TEST(SubstituteMarket, HoldersEarnWhatBuyersPayAndMoneyIsConserved) {
  World with = market_world(), without = market_world();
  with.firms.substitutes[kHolder] = 1u;
  run_month(with);
  run_month(without);
  EXPECT_EQ(with.month.substitute_sales, 0.0);  // no needs measured yet
  ASSERT_EQ(with.firms.revenue[kHolder], without.firms.revenue[kHolder]);
  const double start = money(with);
  run_month(with);
  run_month(without);
  const double share = with.environment.substitution_share[0];
  ASSERT_GT(share, 0.0);
  ASSERT_LT(share, 1.0);
  // What the buyers pay, from the world without the holder: their purchased critical
  // inputs of domain 0 at list prices (the input share of their output volume at their cost
  // factor; no cut, no devaluation) times the share replaced.
  double bought = 0;
  for (int i = 0; i < without.firms.capacity; ++i) {
    const auto n = std::size_t(i);
    if (!without.firms.alive[n]) continue;
    const double list =
        without.scenario().sectors[std::size_t(without.firms.sector[n])].input_cost_share *
        without.firms.output_volume[n] * without.scratch.efficiency[n];
    bought += list * kDependence * share;
  }
  const double paid = with.month.substitute_sales;
  EXPECT_NEAR(paid, bought, 1e-9 * bought);
  EXPECT_NEAR(with.firms.revenue[kHolder] - without.firms.revenue[kHolder], paid, 1e-9 * paid);
  EXPECT_NEAR(with.month.sales - without.month.sales, paid, 1e-9 * paid);
  // Only the holder's inputs (to make the substitute) rise; what buyers pay is unchanged.
  for (int i = 0; i < with.firms.capacity; ++i)
    if (i != kHolder)
      EXPECT_EQ(with.firms.input_costs[std::size_t(i)], without.firms.input_costs[std::size_t(i)])
          << i;
  EXPECT_LT(with.month.inputs - without.month.inputs, paid);
  EXPECT_NEAR(money(with) - start, net_flows(with.month), 1e-9 * (1.0 + std::abs(start)));
}

// Two holders in the same domain share its purchases in proportion to their capacity.
TEST(SubstituteMarket, HoldersSharePaymentsInProportionToCapacity) {
  World world = market_world();
  world.firms.substitutes[kHolder] = 1u;
  world.firms.substitutes[kHolder + 1] = 1u;
  run_month(world);
  update_supply(world);
  const double a = substitute_capacity_of(world, kHolder);
  const double b = substitute_capacity_of(world, kHolder + 1);
  ASSERT_GT(a, 0.0);
  ASSERT_NE(a, b);
  // Paid out of the same month's purchases.
  world.environment.substitute_sales[0] = 12.0;
  EXPECT_NEAR(substitute_revenue(world, kHolder), 12.0 * a / (a + b), 1e-12);
  EXPECT_NEAR(substitute_revenue(world, kHolder) + substitute_revenue(world, kHolder + 1), 12.0,
              1e-12);
}

// Share replaced with the holder at its size and at four times its size (workforce and
// capital): it scales with the holder's capacity over the domain's needs of imports.
// Fails with a fixed share per holder (both would replace the same).
TEST(SubstituteMarket, ALargerHolderReplacesMore) {
  double shares[2] = {0, 0};
  for (const int k : {0, 1}) {
    World world = market_world();
    run_month(world);  // needs measured
    world.firms.substitutes[kHolder] = 1u;
    if (k == 1) {
      world.firms.employees[kHolder] *= 4;
      world.firms.capital[kHolder] *= 4;
    }
    update_supply(world);
    const auto& e = world.environment;
    const double imports = e.needed_inputs[0];  // no domestic share in the minimal scenario
    ASSERT_GT(imports, 0.0);
    EXPECT_NEAR(e.substitution_share[0], substitute_capacity_of(world, kHolder) / imports, 1e-12);
    shares[k] = e.substitution_share[0];
  }
  ASSERT_GT(shares[0], 0.0);
  ASSERT_LT(shares[1], 1.0);  // not capped
  EXPECT_NEAR(shares[1], 4 * shares[0], 1e-12);
}

// Without a holder in a domain with needs nothing is replaced and nothing is paid: a
// holder whose substitute is in domain 1, which no firm imports, replaces none of it and
// the month runs bit for bit as without any holder. Fails with a fixed share per holder
// (domain 1 would count as replaced).
TEST(SubstituteMarket, WithoutHoldersOfANeededDomainNothingChanges) {
  World none = market_world(), idle = market_world();
  idle.firms.substitutes[kHolder] = 2u;  // domain 1
  for (int month = 0; month < 3; ++month) {
    run_month(none);
    run_month(idle);
  }
  EXPECT_EQ(idle.environment.substitution_share[1], 0.0);
  EXPECT_EQ(idle.environment.substitution_share[0], 0.0);
  EXPECT_EQ(idle.month.substitute_sales, 0.0);
  EXPECT_EQ(none.month.substitute_sales, 0.0);
  for (int i = 0; i < none.firms.capacity; ++i) {
    EXPECT_EQ(idle.firms.revenue[std::size_t(i)], none.firms.revenue[std::size_t(i)]) << i;
    EXPECT_EQ(idle.firms.cash[std::size_t(i)], none.firms.cash[std::size_t(i)]) << i;
  }
}

}  // namespace
}  // namespace clustersim::testing
