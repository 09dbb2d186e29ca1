// The ranges the cluster metrics declare where they are declared (MetricGroupBuilder::add):
// every value of every metric in every shipped scenario lies in its declared range, and the
// shares declare [0, 1] whatever their names (mean_trust, partner_distance_mean).
#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

#include "models/cluster_model.hpp"
#include "models/scenario/scenario_loader.hpp"
#include "support/test_support.hpp"

namespace clustersim::testing {
namespace {

MetricRange range_of(const std::vector<MetricInfo>& metrics, const std::string& name) {
  for (const auto& m : metrics)
    if (m.name == name) return m.range;
  ADD_FAILURE() << "no metric " << name;
  return {};
}

TEST(MetricBounds, shares_counts_and_money_declare_their_ranges) {
  const auto metrics =
      cluster_model(load_scenario_file(source_path("scenarios/sanctions_2022.toml"))).metrics;
  for (const char* share : {"largest_component_share", "sovereignty_index_electronics",
                            "mean_trust", "partner_distance_mean", "import_dependence_electronics",
                            "competence_mean", "loss_making_share"})
    EXPECT_EQ(range_of(metrics, share), MetricRange::share()) << share;
  for (const char* count : {"exits", "firms_alive", "links", "revenue", "price_index"})
    EXPECT_EQ(range_of(metrics, count), MetricRange::nonnegative()) << count;
  for (const char* any : {"net_worth", "value_added", "profit_margin_mean", "money_balance_error"})
    EXPECT_EQ(range_of(metrics, any), MetricRange::any()) << any;
}

// A declared range is a claim about the model: every value of the shipped scenarios (one
// replication each, whole runs, so every event and shock happens) respects it.
TEST(MetricBounds, every_value_of_every_shipped_scenario_lies_in_its_declared_range) {
  for (const auto& file : scenario_files()) {
    SCOPED_TRACE(file);
    const Scenario scenario = load_scenario_file(file, {"replications=1"});
    const MetricTable table = run_model(scenario, 2);
    int bounded = 0;
    for (int m = 0; m < int(table.metrics().size()); ++m) {
      const MetricInfo& info = table.metrics()[std::size_t(m)];
      if (info.range != MetricRange::any()) ++bounded;
      int outside = 0;
      std::ostringstream first;
      for (int t = 0; t < table.columns(); ++t) {
        const double value = table.at(m, 0, t);
        if (info.range.contains(value)) continue;  // NaN is outside every range
        if (outside++ == 0)
          first << "column " << t << ": " << value << " outside [" << info.range.lower << ", "
                << info.range.upper << "]";
      }
      EXPECT_EQ(outside, 0) << info.name << ", first at " << first.str();
    }
    EXPECT_GT(bounded, int(table.metrics().size()) / 2);
  }
}

}  // namespace
}  // namespace clustersim::testing
