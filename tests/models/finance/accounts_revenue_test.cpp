// `revenue` against `flow_sales` (docs/output-format.md): revenue counts the firms alive
// when the month is recorded, flow_sales those that sold in production; the difference
// is exactly the exits' sales less the entrants' starting sales.
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "models/cluster_model.hpp"
#include "models/scenario/scenario_loader.hpp"
#include "support/test_support.hpp"

namespace clustersim::testing {
namespace {

std::map<int, double> revenue_by_id(const World& world) {
  std::map<int, double> revenue;
  const auto& f = world.firms;
  for (int i = 0; i < f.capacity; ++i)
    if (f.alive[std::size_t(i)]) revenue[f.id[std::size_t(i)]] = f.revenue[std::size_t(i)];
  return revenue;
}

TEST(RevenueIdentity, revenue_is_flow_sales_less_exits_plus_entrants_every_month) {
  const Scenario scenario =
      shortened(load_scenario_file(source_path("scenarios/tutorial.toml"), {"replications=1"}), 36);
  const ClusterModel model = cluster_model(scenario);
  World world = model.build(0);
  const auto recorder = model.make_recorder();
  std::vector<double> row(model.metrics.size());
  const auto metric = [&](const char* name) {
    for (std::size_t m = 0; m < model.metrics.size(); ++m)
      if (model.metrics[m].name == name) return row[m];
    ADD_FAILURE() << name;
    return 0.0;
  };
  int months_with_both = 0;
  for (int t = 1; t <= scenario.calendar.months(); ++t) {
    std::map<int, double> sold;
    for (const auto& phase : model.phases) {
      if (phase.name == "demography") sold = revenue_by_id(world);
      phase.run(world);
    }
    const auto alive = revenue_by_id(world);
    double exited = 0, entered = 0;
    for (const auto& [id, revenue] : sold)
      if (!alive.count(id)) exited += revenue;
    for (const auto& [id, revenue] : alive)
      if (!sold.count(id))
        entered += revenue;
      else
        EXPECT_EQ(revenue, sold.at(id)) << "demography changed a survivor's sales";
    months_with_both += exited > 0 && entered > 0;
    recorder(world, row.data());
    const double expected = metric("flow_sales") - exited + entered;
    EXPECT_NEAR(metric("revenue"), expected, 1e-9 * std::abs(expected)) << "month " << t;
  }
  EXPECT_GT(months_with_both, 0);  // the identity was exercised with exits and entries
}

}  // namespace
}  // namespace clustersim::testing
