// Natural ranges of the cluster metrics (models/metric_bounds.hpp): shares in [0, 1],
// counts at or above 0, money unbounded; every metric named as a share is bounded.
#include "models/metric_bounds.hpp"

#include <gtest/gtest.h>

#include "models/cluster_model.hpp"
#include "models/scenario/scenario_loader.hpp"
#include "support/test_support.hpp"

namespace clustersim::testing {
namespace {

MetricInfo info_of(const std::vector<MetricInfo>& metrics, const std::string& name) {
  for (const auto& m : metrics)
    if (m.name == name) return m;
  ADD_FAILURE() << "no metric " << name;
  return {};
}

TEST(MetricBounds, shares_counts_and_money) {
  const auto metrics =
      cluster_model(load_scenario_file(source_path("scenarios/sanctions_2022.toml"))).metrics;
  const auto share = natural_range(info_of(metrics, "largest_component_share"));
  EXPECT_EQ(share.lower, 0.0);
  EXPECT_EQ(share.upper, 1.0);
  EXPECT_EQ(natural_range(info_of(metrics, "sovereignty_index_electronics")).upper, 1.0);
  const auto exits = natural_range(info_of(metrics, "exits"));
  EXPECT_EQ(exits.lower, 0.0);
  EXPECT_TRUE(std::isinf(exits.upper));
  EXPECT_TRUE(std::isinf(natural_range(info_of(metrics, "net_worth")).lower));
  EXPECT_TRUE(std::isinf(natural_range(info_of(metrics, "price_index")).upper));
}

TEST(MetricBounds, every_metric_named_a_share_is_bounded) {
  const auto metrics =
      cluster_model(load_scenario_file(source_path("scenarios/sanctions_2022.toml"))).metrics;
  for (const auto& m : metrics)
    if (m.name.find("share") != std::string::npos && m.units == "1")
      EXPECT_EQ(natural_range(m).upper, 1.0) << m.name;
}

}  // namespace
}  // namespace clustersim::testing
