// Metrics of the markets the cluster's firms share with foreign suppliers (docs/model.md
// 3.7, Imports): real output per sector, comparable with an industrial production index
// once divided by its base-year mean, the import share of each market and the exchange
// rate.
#include <numeric>

#include "models/metrics.hpp"

namespace clustersim {

MetricGroup<World> market_metrics(const Scenario& scenario) {
  MetricGroupBuilder<World, int> b;
  using W = const World&;
  using K = MetricKind;
  b.add("exchange_rate", "RUB/USD", K::stock, MetricRange::nonnegative(),
        "Exchange rate in force this month ([[exchange_rate]] path; Bank of Russia official "
        "rate).",
        [](W w, int) { return w.environment.exchange_rate; });
  b.add("buyers_real_income", "1", K::stock, MetricRange::nonnegative(),
        "Factor on domestic demand for buyers' real income this month: (exchange-rate index / "
        "mean sector price)^-(markets.absorption_import_share x markets.income_elasticity); 1 "
        "at the start and while import and domestic prices move together.",
        [](W w, int) { return w.environment.income_factor; });
  b.add("real_output", "mln RUB/month", K::flow, MetricRange::nonnegative(),
        "Real (volume) output of all firms this month at the run's initial prices: domestic "
        "sales volume plus exports and defence orders. An industrial production index is "
        "this over its mean in a base year (e.g. 2021 = 100).",
        [](W w, int) {
          const auto& v = w.environment.sector_output;
          return std::accumulate(v.begin(), v.end(), 0.0);
        });
  for (std::size_t s = 0; s < scenario.sectors.size(); ++s) {
    const auto& name = scenario.sectors[s].name;
    b.add("real_output_" + name, "mln RUB/month", K::flow, MetricRange::nonnegative(),
          "Real (volume) output of sector " + name +
              "'s firms this month at the run's initial prices (as real_output).",
          [s](W w, int) { return w.environment.sector_output[s]; });
    b.add("import_share_" + name, "1", K::stock, MetricRange::share(),
          "Share of sector " + name +
              "'s domestic real demand that buyers place with foreign suppliers this month "
              "(1 - the domestic firms' share of the Armington market).",
          [s](W w, int) { return 1.0 - w.environment.domestic_share[s]; });
  }
  return std::move(b).build([](const World&, int&) {});
}

}  // namespace clustersim
