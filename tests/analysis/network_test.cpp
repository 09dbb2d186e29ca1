#include "analysis/network.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <queue>
#include <random>
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

// The path length as separate breadth-first searches from the same sources give it: the
// slot-ordered members of the largest component, every floor(size / 16)-th.
double path_length_by_separate_searches(const Graph& g) {
  const int n = int(g.alive.size());
  std::vector<int> component(std::size_t(n), -1), sizes;
  for (int start = 0; start < n; ++start) {
    if (component[std::size_t(start)] >= 0) continue;
    const int label = int(sizes.size());
    sizes.push_back(0);
    std::queue<int> q;
    q.push(start);
    component[std::size_t(start)] = label;
    while (!q.empty()) {
      const int i = q.front();
      q.pop();
      ++sizes.back();
      for (int s = 0; s < g.slots; ++s) {
        const int j = g.partners[std::size_t(i * g.slots + s)];
        if (j >= 0 && component[std::size_t(j)] < 0) {
          component[std::size_t(j)] = label;
          q.push(j);
        }
      }
    }
  }
  const int largest = int(std::max_element(sizes.begin(), sizes.end()) - sizes.begin());
  const int stride = std::max(1, sizes[std::size_t(largest)] / 16);
  double total = 0;
  long pairs = 0;
  int seen = 0;
  for (int source = 0; source < n; ++source) {
    if (component[std::size_t(source)] != largest || seen++ % stride != 0) continue;
    std::vector<int> distance(std::size_t(n), -1);
    std::queue<int> q;
    q.push(source);
    distance[std::size_t(source)] = 0;
    while (!q.empty()) {
      const int i = q.front();
      q.pop();
      for (int s = 0; s < g.slots; ++s) {
        const int j = g.partners[std::size_t(i * g.slots + s)];
        if (j < 0 || distance[std::size_t(j)] >= 0) continue;
        distance[std::size_t(j)] = distance[std::size_t(i)] + 1;
        total += distance[std::size_t(j)];
        ++pairs;
        q.push(j);
      }
    }
  }
  return total / double(pairs);
}

// A random graph of `nodes` with about `links` links, at most `slots` per node.
Graph random_graph(int nodes, int links, int slots, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> pick(0, nodes - 1);
  std::vector<int> degree(std::size_t(nodes), 0);
  std::vector<std::pair<int, int>> edges;
  for (int k = 0; k < links; ++k) {
    const int a = pick(rng), b = pick(rng);
    if (a == b || degree[std::size_t(a)] == slots || degree[std::size_t(b)] == slots) continue;
    if (std::find(edges.begin(), edges.end(), std::pair{a, b}) != edges.end() ||
        std::find(edges.begin(), edges.end(), std::pair{b, a}) != edges.end())
      continue;
    ++degree[std::size_t(a)];
    ++degree[std::size_t(b)];
    edges.emplace_back(a, b);
  }
  return Graph(nodes, slots, edges);
}

// The searches from all sources run together (one bit per source); the mean must be the
// one separate searches give, exactly, for components of fewer than 16 members (each a
// source), of 16 to 31 (up to 31 sources) and larger ones (16 to 31 sources).
TEST(Network, path_length_equals_that_of_separate_searches_from_the_same_sources) {
  NetworkAnalyzer reused;
  for (const auto [nodes, links] : std::vector<std::pair<int, int>>{
           {12, 14}, {20, 24}, {31, 40}, {47, 60}, {200, 260}, {1000, 900}, {3000, 4500}}) {
    for (unsigned seed = 1; seed <= 3; ++seed) {
      const Graph g = random_graph(nodes, links, 6, seed);
      const double expected = path_length_by_separate_searches(g);
      NetworkAnalyzer fresh;
      EXPECT_EQ(g.analyze(fresh).path_length, expected) << nodes << " nodes, seed " << seed;
      EXPECT_EQ(g.analyze(reused).path_length, expected) << nodes << " nodes, seed " << seed;
    }
  }
}

}  // namespace
}  // namespace clustersim
