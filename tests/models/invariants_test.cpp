#include <gtest/gtest.h>

#include <cmath>

#include "model_fixtures.hpp"
#include "models/cluster_model.hpp"

namespace clustersim {
namespace {

bool finite(double x) {
  return std::isfinite(x);
}

// Every state variable stays finite and in its range over the tutorial scenario
// (four years, two replications), and so does every recorded metric.
TEST(Invariants, tutorial_run_keeps_every_value_finite_and_in_range) {
  auto scenario = load_scenario_file(testing::source_path("scenarios/tutorial.toml"));
  scenario.calendar.end = YearMonth{2023, 12};  // past the event of 2023-01
  const auto model = cluster_model(scenario);
  std::vector<double> row(model.metrics.size());
  for (std::uint32_t replication = 0; replication < 2; ++replication) {
    World world = model.build(replication);
    const auto recorder = model.make_recorder();
    for (int month = 0; month < scenario.calendar.months(); ++month) {
      step_month(model, world);
      const auto& f = world.firms;
      int alive = 0;
      for (int i = 0; i < f.capacity; ++i) {
        const auto n = std::size_t(i);
        if (!f.alive[n]) continue;
        ++alive;
        SCOPED_TRACE("firm " + std::to_string(i) + " month " + std::to_string(month));
        for (int d = 0; d < f.domains; ++d) {
          ASSERT_GE(f.competence(i, d), 0.0);
          ASSERT_LE(f.competence(i, d), 1.0);
          ASSERT_TRUE(finite(f.knowledge(i, d)));
          ASSERT_GE(f.knowledge(i, d), 0.0);
        }
        ASSERT_GE(f.absorptive[n], 0.0);
        ASSERT_LT(f.absorptive[n], 1.0);
        ASSERT_GE(f.employees[n], 1.0);
        ASSERT_TRUE(finite(f.employees[n]));
        for (double v : {f.cash[n], f.revenue[n], f.wage_bill[n], f.input_costs[n], f.rd_budget[n],
                         f.rd_spent[n], f.productivity[n], f.competitiveness[n]})
          ASSERT_TRUE(finite(v));
        ASSERT_GT(f.productivity[n], 0.0);
        ASSERT_GE(f.rd_budget[n], 0.0);
        ASSERT_GE(f.project_trl[n], 0);
        ASSERT_LE(f.project_trl[n], 9);
        ASSERT_GE(f.project_progress[n], 0.0);
        for (int s = 0; s < f.partner_slots; ++s) {
          if (f.partners_of(i)[s] == kNoAgent) continue;
          ASSERT_GE(f.trust_of(i)[s], 0.0);
          ASSERT_LE(f.trust_of(i)[s], 1.0);
        }
      }
      ASSERT_GT(alive, 0);
      recorder(world, row.data());
      for (std::size_t m = 0; m < row.size(); ++m)
        ASSERT_TRUE(finite(row[m])) << model.metrics[m].name << " month " << month;
    }
  }
}

}  // namespace
}  // namespace clustersim
