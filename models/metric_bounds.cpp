#include "models/metric_bounds.hpp"

#include <algorithm>
#include <array>
#include <string_view>

namespace clustersim {
namespace {

// Metrics in units of "1" that are shares or means of 0..1 quantities; price indices,
// margins and ratios also have units "1" but no upper bound.
constexpr std::array<std::string_view, 14> kShares = {"network_density",
                                                      "clustering_coefficient",
                                                      "largest_component_share",
                                                      "competence_mean",
                                                      "competence_gap",
                                                      "absorptive_capacity_mean",
                                                      "mean_trust",
                                                      "sovereignty_index",
                                                      "critical_input_coverage",
                                                      "import_cut_mean",
                                                      "substitution_share_mean",
                                                      "civilian_share_dual_use",
                                                      "cross_cluster_link_share",
                                                      "loss_making_share"};

// Per-domain variants are named after their aggregate plus "_<domain>".
constexpr std::array<std::string_view, 2> kShareFamilies = {"sovereignty_index_",
                                                            "critical_input_coverage_"};

constexpr std::array<std::string_view, 18> kCountUnits = {
    "firms",           "firms/month",         "links",       "links/month",
    "innovations",     "innovations/bn RUB",  "projects",    "projects/month",
    "persons",         "person-months/month", "loans/month", "introductions/month",
    "firm-domains",    "contracts",           "clusters",    "adoptions",
    "adoptions/month", "knowledge units"};

bool listed(std::string_view value, const auto& list) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

}  // namespace

MetricRange natural_range(const MetricInfo& metric) {
  const std::string_view name = metric.name;
  const bool share_family = std::any_of(kShareFamilies.begin(), kShareFamilies.end(),
                                        [&](std::string_view p) { return name.starts_with(p); });
  if (metric.units == "1" && (listed(name, kShares) || share_family)) return {0.0, 1.0};
  if (listed(std::string_view(metric.units), kCountUnits)) return {0.0, MetricRange{}.upper};
  return {};
}

Interval column_interval(const MetricTable& table, int metric, int column) {
  std::vector<double> values;
  values.reserve(std::size_t(table.replications()));
  for (int r = 0; r < table.replications(); ++r) values.push_back(table.at(metric, r, column));
  const auto range = natural_range(table.metrics()[std::size_t(metric)]);
  return bounded_mean_interval(values, range.lower, range.upper);
}

}  // namespace clustersim
