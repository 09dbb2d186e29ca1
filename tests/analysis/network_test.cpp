#include "analysis/network.hpp"

#include <gtest/gtest.h>

#include <utility>

namespace clustersim {
namespace {

// Builds symmetric partner arrays (`slots` per node) from an edge list.
struct Graph {
  Graph(int nodes, int slots, const std::vector<std::pair<int, int>>& edges)
      : slots(slots), partners(std::size_t(nodes * slots), -1), alive(std::size_t(nodes), 1) {
    std::vector<int> used(std::size_t(nodes), 0);
    for (auto [a, b] : edges) {
      partners[std::size_t(a * slots + used[std::size_t(a)]++)] = b;
      partners[std::size_t(b * slots + used[std::size_t(b)]++)] = a;
    }
  }
  NetworkSummary analyze(NetworkAnalyzer& analyzer) const {
    return analyzer.analyze(int(alive.size()), slots, partners.data(), alive.data());
  }
  int slots;
  std::vector<std::int32_t> partners;
  std::vector<std::uint8_t> alive;
};

TEST(Network, triangle_has_clustering_one_density_one_and_one_component) {
  NetworkAnalyzer analyzer;
  const auto s = Graph(3, 4, {{0, 1}, {1, 2}, {0, 2}}).analyze(analyzer);
  EXPECT_EQ(s.nodes, 3);
  EXPECT_EQ(s.links, 3);
  EXPECT_DOUBLE_EQ(s.clustering, 1.0);
  EXPECT_DOUBLE_EQ(s.density, 1.0);
  EXPECT_DOUBLE_EQ(s.largest_component_share, 1.0);
  EXPECT_DOUBLE_EQ(s.mean_degree, 2.0);
}

TEST(Network, star_has_clustering_zero) {
  NetworkAnalyzer analyzer;
  const auto s = Graph(4, 4, {{0, 1}, {0, 2}, {0, 3}}).analyze(analyzer);
  EXPECT_EQ(s.links, 3);
  EXPECT_DOUBLE_EQ(s.clustering, 0.0);
  EXPECT_DOUBLE_EQ(s.density, 0.5);
  EXPECT_DOUBLE_EQ(s.largest_component_share, 1.0);
  EXPECT_DOUBLE_EQ(s.mean_degree, 1.5);
}

TEST(Network, triangle_with_a_pendant_has_mean_local_clustering) {
  // Node 0 in the triangle also links to 3: local clustering 1/3, 1, 1, 0.
  NetworkAnalyzer analyzer;
  const auto s = Graph(4, 4, {{0, 1}, {1, 2}, {0, 2}, {0, 3}}).analyze(analyzer);
  EXPECT_NEAR(s.clustering, (1.0 / 3 + 1 + 1 + 0) / 4, 1e-12);
}

TEST(Network, two_disconnected_pairs_give_largest_component_share_one_half) {
  NetworkAnalyzer analyzer;
  const auto s = Graph(4, 2, {{0, 1}, {2, 3}}).analyze(analyzer);
  EXPECT_EQ(s.links, 2);
  EXPECT_DOUBLE_EQ(s.largest_component_share, 0.5);
  EXPECT_NEAR(s.density, 2.0 / 6.0, 1e-12);
}

TEST(Network, dead_nodes_are_ignored) {
  NetworkAnalyzer analyzer;
  Graph g(6, 3, {{0, 1}, {1, 2}, {0, 2}});
  g.alive[3] = g.alive[4] = g.alive[5] = 0;
  const auto s = g.analyze(analyzer);
  EXPECT_EQ(s.nodes, 3);
  EXPECT_DOUBLE_EQ(s.density, 1.0);
  EXPECT_DOUBLE_EQ(s.clustering, 1.0);
  EXPECT_DOUBLE_EQ(s.largest_component_share, 1.0);
}

TEST(Network, empty_and_isolated_populations_give_zeros) {
  NetworkAnalyzer analyzer;
  const auto none = Graph(3, 2, {}).analyze(analyzer);
  EXPECT_EQ(none.links, 0);
  EXPECT_DOUBLE_EQ(none.density, 0.0);
  EXPECT_DOUBLE_EQ(none.clustering, 0.0);
  EXPECT_NEAR(none.largest_component_share, 1.0 / 3.0, 1e-12);
  Graph dead(2, 2, {});
  dead.alive = {0, 0};
  const auto empty = dead.analyze(analyzer);
  EXPECT_EQ(empty.nodes, 0);
  EXPECT_DOUBLE_EQ(empty.largest_component_share, 0.0);
}

TEST(Network, reused_analyzer_gives_the_same_answer_as_a_fresh_one) {
  NetworkAnalyzer reused;
  Graph big(10, 3, {{0, 1}, {1, 2}, {2, 3}, {3, 4}, {5, 6}, {6, 7}, {5, 7}});
  big.analyze(reused);
  const Graph small(4, 2, {{0, 1}, {2, 3}});
  NetworkAnalyzer fresh;
  const auto a = small.analyze(reused), b = small.analyze(fresh);
  EXPECT_EQ(a.links, b.links);
  EXPECT_DOUBLE_EQ(a.clustering, b.clustering);
  EXPECT_DOUBLE_EQ(a.largest_component_share, b.largest_component_share);
  const auto again = big.analyze(reused);
  EXPECT_DOUBLE_EQ(again.largest_component_share, 0.5);
}

}  // namespace
}  // namespace clustersim
