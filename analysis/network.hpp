#pragma once
// Structure of the partner network: links, density, clustering, degree spread, the
// largest connected component and the mean path length in it. Work arrays are kept between calls,
// so recording every month does not allocate once they have reached the population's size.
#include <cstdint>
#include <vector>

namespace clustersim {

struct NetworkSummary {
  long nodes = 0;  // alive firms
  long links = 0;
  double density = 0;                  // links / possible links
  double clustering = 0;               // mean local clustering, nodes of degree < 2 count 0
  double largest_component_share = 0;  // of alive firms
  double mean_degree = 0;
  long degree_max = 0;
  double degree_cv = 0;    // standard deviation / mean of degree over alive firms
  double path_length = 0;  // mean shortest path in the largest component (sampled sources)
};

// A node's links: `slots` partner ids (-1 for none), symmetric. `ends`, when given,
// bounds the slots that may hold links (node i's are below ends[i]), so loops skip the
// empty rest; nullptr means all slots. `offsets`, when given, says where each node's slots
// start in `partners` (pooled blocks, FirmState::links; then `ends` is needed); nullptr
// means `slots` per node, in node order.
struct LinkTable {
  int slots = 0;
  const std::int32_t* partners = nullptr;
  const std::uint8_t* ends = nullptr;
  const std::uint32_t* offsets = nullptr;

  const std::int32_t* of(int i) const {
    return partners + (offsets ? std::size_t(offsets[i]) : std::size_t(i) * std::size_t(slots));
  }
  int end(int i) const { return ends ? int(ends[i]) : slots; }
};

class NetworkAnalyzer {
 public:
  NetworkSummary analyze(int capacity, int slots, const std::int32_t* partners,
                         const std::uint8_t* alive, const std::uint8_t* ends = nullptr,
                         const std::uint32_t* offsets = nullptr);

 private:
  int find(int i);
  double sampled_path_length(int capacity, const LinkTable& links, const std::uint8_t* alive,
                             int root, int size);
  std::vector<int> parent_, component_size_;
  // Multi-source search: per node, one bit per source (seen, on the current frontier,
  // arriving at the next level); the current and next frontiers and every node reached.
  std::vector<std::uint32_t> seen_, frontier_, arrived_;
  std::vector<int> current_, next_, reached_;
  std::vector<double> local_;  // local clustering per node
};

}  // namespace clustersim
