#pragma once
// The partner network of one world, as the page draws it and analyses may read it:
// firms alive, universities with research contracts, links with their trust.
#include <cstdint>
#include <string>
#include <vector>

#include "models/world.hpp"

namespace clustersim {

// One partner network at the current month: firms alive, universities with contracts,
// links between firms with their trust.
struct NetworkView {
  struct Node {
    std::int32_t id;   // firm id, or -1 - university index for universities
    std::string kind;  // "firm" or "university"
    std::int32_t cluster;
    double size;          // employees (firms) or staff (universities)
    std::int32_t sector;  // the firm's sector; -1 for universities
  };
  struct Link {
    std::int32_t source, target;  // node ids
    double trust;                 // 1 for a university contract
  };
  std::string label;  // month of the state shown
  std::vector<Node> nodes;
  std::vector<Link> links;
};

// The network of `world` now; `label` names the month shown.
NetworkView network_view(const World& world, const std::string& label);

}  // namespace clustersim
