#include "analysis/network.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

#include "sim/interrupt.hpp"
#include "sim/parallel.hpp"

namespace clustersim {
namespace {

// Local clustering of node i: the share of pairs of its partners that are linked
// themselves. Reads only the partner table, so nodes can be done in parallel.
double local_clustering(int i, const LinkTable& links) {
  const std::int32_t* mine = links.of(i);
  const int end = links.end(i);
  int degree = 0;
  for (int s = 0; s < end; ++s) degree += mine[s] >= 0;
  if (degree < 2) return 0.0;
  long closed = 0;
  for (int s = 0; s < end; ++s) {
    const int j = mine[s];
    if (j < 0) continue;
    const std::int32_t* theirs = links.of(j);
    const std::int32_t* theirs_end = theirs + links.end(j);
    for (int t = s + 1; t < end; ++t) {
      const int k = mine[t];
      if (k < 0) continue;
      closed += std::find(theirs, theirs_end, k) != theirs_end;
    }
  }
  return 2.0 * double(closed) / (double(degree) * double(degree - 1));
}

// Local clustering of every node (0 for nodes not alive), in parallel, each node
// writing its own entry.
void all_local_clustering(std::vector<double>& local, int capacity, const LinkTable& links,
                          const std::uint8_t* alive) {
  parallel_for_index(capacity, [&](int i) {
    local[std::size_t(i)] = alive[i] ? local_clustering(i, links) : 0.0;
  });
}

// Links, density, mean clustering, mean degree and the degree's coefficient of
// variation, from sums over the alive nodes.
void summarize_degrees(NetworkSummary& out, long degree_sum, double clustering_sum,
                       double degree_squares) {
  out.links = degree_sum / 2;
  if (out.nodes > 1)
    out.density = 2.0 * double(out.links) / (double(out.nodes) * double(out.nodes - 1));
  if (out.nodes == 0) return;
  out.clustering = clustering_sum / double(out.nodes);
  out.mean_degree = double(degree_sum) / double(out.nodes);
  const double variance =
      std::max(0.0, degree_squares / double(out.nodes) - out.mean_degree * out.mean_degree);
  out.degree_cv = out.mean_degree > 0 ? std::sqrt(variance) / out.mean_degree : 0.0;
}

}  // namespace

int NetworkAnalyzer::find(int i) {
  while (parent_[std::size_t(i)] != i) {
    parent_[std::size_t(i)] = parent_[std::size_t(parent_[std::size_t(i)])];
    i = parent_[std::size_t(i)];
  }
  return i;
}

// Mean shortest-path length in the component of `root` (of `size` nodes): breadth-first
// search from up to kSources members spread evenly in slot order, averaging over all
// reached pairs. Sources are fixed by the network, so the value is deterministic.
//
// The searches run together, level by level (multi-source BFS: Then et al. 2014, VLDB
// 8(4)): a node holds one bit per source in seen_ and frontier_, so a link is read once
// per level for all sources whose frontier it is on, not once per source. Distances are
// whole numbers and their sum stays exact in a double, so the mean is the one separate
// searches give.
double NetworkAnalyzer::sampled_path_length(int capacity, const LinkTable& links,
                                            const std::uint8_t* alive, int root, int size) {
  constexpr int kSources = 16;
  const int stride = std::max(1, size / kSources);
  // At most 31 sources: size / floor(size / 16) < 32 for size >= 16, size below.
  int sources = 0, seen = 0;
  current_.clear();
  for (int node = 0; node < capacity; ++node) {
    stop_point(node);
    if (!alive[node] || find(node) != root) continue;
    if (seen++ % stride != 0) continue;
    const std::uint32_t bit = std::uint32_t(1) << sources++;
    seen_[std::size_t(node)] = frontier_[std::size_t(node)] = bit;
    current_.push_back(node);
  }
  reached_.assign(current_.begin(), current_.end());
  double total = 0;
  long pairs = 0;
  for (int level = 1; !current_.empty(); ++level) {
    next_.clear();
    for (const int i : current_) {
      stop_point(i);
      const std::uint32_t from = frontier_[std::size_t(i)];
      const std::int32_t* mine = links.of(i);
      for (int s = 0, end = links.end(i); s < end; ++s) {
        const int j = mine[s];
        if (j < 0) continue;
        const std::uint32_t arriving = from & ~seen_[std::size_t(j)];
        if (arriving == 0) continue;
        if (arrived_[std::size_t(j)] == 0) next_.push_back(j);
        arrived_[std::size_t(j)] |= arriving;
      }
    }
    for (const int i : current_) frontier_[std::size_t(i)] = 0;
    for (const int j : next_) {
      const std::uint32_t bits = arrived_[std::size_t(j)];
      if (seen_[std::size_t(j)] == 0) reached_.push_back(j);
      seen_[std::size_t(j)] |= bits;
      frontier_[std::size_t(j)] = bits;
      arrived_[std::size_t(j)] = 0;
      const int count = std::popcount(bits);
      total += double(level) * double(count);
      pairs += count;
    }
    std::swap(current_, next_);
  }
  // Only the nodes reached were marked: unmark them for the next call.
  for (const int j : reached_) seen_[std::size_t(j)] = 0;
  return pairs > 0 ? total / double(pairs) : 0.0;
}

NetworkSummary NetworkAnalyzer::analyze(int capacity, int slots, const std::int32_t* partners,
                                        const std::uint8_t* alive, const std::uint8_t* ends,
                                        const std::uint32_t* offsets) {
  const LinkTable links{slots, partners, ends, offsets};
  const auto n = std::size_t(capacity);
  if (parent_.size() < n) {
    parent_.resize(n);
    component_size_.resize(n);
    local_.resize(n);
    // sampled_path_length's marks start clear and are cleared after each search; its
    // node lists never hold more than the nodes.
    seen_.assign(n, 0);
    frontier_.assign(n, 0);
    arrived_.assign(n, 0);
    current_.reserve(n);
    next_.reserve(n);
    reached_.reserve(n);
  }
  // Local clustering in parallel, each node writing its own entry; summed in order below.
  all_local_clustering(local_, capacity, links, alive);
  NetworkSummary out;
  long degree_sum = 0;
  double clustering_sum = 0, degree_squares = 0;
  for (int i = 0; i < capacity; ++i) {
    parent_[std::size_t(i)] = i;
    component_size_[std::size_t(i)] = 1;
  }
  for (int i = 0; i < capacity; ++i) {
    stop_point(i);
    if (!alive[i]) continue;
    ++out.nodes;
    clustering_sum += local_[std::size_t(i)];
    const std::int32_t* mine = links.of(i);
    const int end = links.end(i);
    long degree = 0;
    for (int s = 0; s < end; ++s) degree += mine[s] >= 0;
    out.degree_max = std::max(out.degree_max, degree);
    degree_squares += double(degree) * double(degree);
    for (int s = 0; s < end; ++s) {
      const int j = mine[s];
      if (j < 0) continue;
      ++degree_sum;
      // Union the two components (by size).
      int a = find(i), b = find(j);
      if (a != b) {
        if (component_size_[std::size_t(a)] < component_size_[std::size_t(b)]) std::swap(a, b);
        parent_[std::size_t(b)] = a;
        component_size_[std::size_t(a)] += component_size_[std::size_t(b)];
      }
    }
  }
  summarize_degrees(out, degree_sum, clustering_sum, degree_squares);
  if (out.nodes > 0) {
    int largest = 0, root = -1;
    for (int i = 0; i < capacity; ++i)
      if (alive[i] && find(i) == i && component_size_[std::size_t(i)] > largest) {
        largest = component_size_[std::size_t(i)];
        root = i;
      }
    out.largest_component_share = double(largest) / double(out.nodes);
    if (largest > 1) out.path_length = sampled_path_length(capacity, links, alive, root, largest);
  }
  return out;
}

}  // namespace clustersim
