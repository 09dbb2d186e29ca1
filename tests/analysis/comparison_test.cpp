#include "analysis/comparison.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace clustersim {
namespace {

// A table of one metric, one column, with these values as its replications.
MetricTable table_of(const std::vector<double>& values) {
  MetricTable table({MetricInfo{"rate", "1/year", "", MetricKind::stock, {}}}, int(values.size()),
                    1);
  for (std::size_t r = 0; r < values.size(); ++r) table.at(0, int(r), 0) = values[r];
  return table;
}

// The same quantity in every replication of both ensembles, computed a last bit apart
// (0.075 and the next double): a difference of rounding, no effect, so nothing is marked,
// though the collapsed interval excludes 0.
TEST(CompareMetric, a_difference_of_rounding_is_not_marked) {
  const auto a = table_of(std::vector<double>(4, 0.075));
  const auto b = table_of(std::vector<double>(36, std::nextafter(0.075, 1.0)));
  const auto d = compare_metric(a, 0, b, 0, "rate", false);
  EXPECT_TRUE(d.estimable);
  EXPECT_FALSE(d.clear) << d.difference.mean << " [" << d.difference.low << ", "
                        << d.difference.high << "]";
  // A real difference of the same kind is marked.
  const auto c = table_of({0.08, 0.081, 0.079, 0.08});
  EXPECT_TRUE(compare_metric(a, 0, c, 0, "rate", false).clear);
}

// One replication on a side: no interval can be estimated, so nothing is marked even
// where the means differ.
TEST(CompareMetric, one_replication_a_side_is_not_estimable) {
  const auto d = compare_metric(table_of({1.0}), 0, table_of({2.0, 2.1, 1.9}), 0, "rate", false);
  EXPECT_FALSE(d.estimable);
  EXPECT_FALSE(d.clear);
}

}  // namespace
}  // namespace clustersim
