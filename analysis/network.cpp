#include "analysis/network.hpp"

#include <algorithm>

namespace clustersim {

int NetworkAnalyzer::find(int i) {
  while (parent_[std::size_t(i)] != i) {
    parent_[std::size_t(i)] = parent_[std::size_t(parent_[std::size_t(i)])];
    i = parent_[std::size_t(i)];
  }
  return i;
}

NetworkSummary NetworkAnalyzer::analyze(int capacity, int slots, const std::int32_t* partners,
                                        const std::uint8_t* alive) {
  const auto n = std::size_t(capacity);
  if (parent_.size() < n) {
    parent_.resize(n);
    component_size_.resize(n);
    mark_.resize(n);
  }
  NetworkSummary out;
  long degree_sum = 0;
  double clustering_sum = 0;
  for (int i = 0; i < capacity; ++i) {
    parent_[std::size_t(i)] = i;
    component_size_[std::size_t(i)] = 1;
    mark_[std::size_t(i)] = -1;
  }
  for (int i = 0; i < capacity; ++i) {
    if (!alive[i]) continue;
    ++out.nodes;
    const std::int32_t* mine = partners + std::size_t(i) * std::size_t(slots);
    int degree = 0;
    for (int s = 0; s < slots; ++s) {
      const int j = mine[s];
      if (j < 0) continue;
      ++degree;
      mark_[std::size_t(j)] = i;
      // Union the two components (by size).
      int a = find(i), b = find(j);
      if (a != b) {
        if (component_size_[std::size_t(a)] < component_size_[std::size_t(b)]) std::swap(a, b);
        parent_[std::size_t(b)] = a;
        component_size_[std::size_t(a)] += component_size_[std::size_t(b)];
      }
    }
    degree_sum += degree;
    if (degree < 2) continue;
    // Links among i's neighbours, each counted once (j < k).
    long closed = 0;
    for (int s = 0; s < slots; ++s) {
      const int j = mine[s];
      if (j < 0) continue;
      const std::int32_t* theirs = partners + std::size_t(j) * std::size_t(slots);
      for (int t = 0; t < slots; ++t) {
        const int k = theirs[t];
        if (k > j && mark_[std::size_t(k)] == i) ++closed;
      }
    }
    clustering_sum += 2.0 * double(closed) / (double(degree) * double(degree - 1));
  }
  out.links = degree_sum / 2;
  if (out.nodes > 1)
    out.density = 2.0 * double(out.links) / (double(out.nodes) * double(out.nodes - 1));
  if (out.nodes > 0) {
    out.clustering = clustering_sum / double(out.nodes);
    out.mean_degree = double(degree_sum) / double(out.nodes);
    int largest = 0;
    for (int i = 0; i < capacity; ++i)
      if (alive[i] && find(i) == i) largest = std::max(largest, component_size_[std::size_t(i)]);
    out.largest_component_share = double(largest) / double(out.nodes);
  }
  return out;
}

}  // namespace clustersim
