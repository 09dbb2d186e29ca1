#include "models/networks/network_view.hpp"

namespace clustersim {

NetworkView network_view(const World& world, const std::string& label) {
  const FirmState& f = world.firms;
  NetworkView view;
  view.label = label;
  for (int i = 0; i < f.capacity; ++i) {
    const auto n = std::size_t(i);
    if (!f.alive[n]) continue;
    view.nodes.push_back({f.id[n], "firm", f.cluster[n], f.employees[n], f.sector[n]});
    const auto* partners = f.partners_of(i);
    const auto* trust = f.trust_of(i);
    for (int s = 0; s < f.slot_end(i); ++s) {
      const std::int32_t partner = partners[s];
      if (partner > i)  // each undirected link once
        view.links.push_back({f.id[n], f.id[std::size_t(partner)], trust[s]});
    }
  }
  // Universities appear when firms hold research contracts with them.
  std::vector<bool> shown(std::size_t(world.universities.count), false);
  for (int i = 0; i < f.capacity; ++i) {
    const auto n = std::size_t(i);
    const std::int32_t u = f.university[n];
    if (!f.alive[n] || u < 0) continue;
    if (!shown[std::size_t(u)]) {
      shown[std::size_t(u)] = true;
      view.nodes.push_back({-1 - u, "university", world.universities.cluster[std::size_t(u)],
                            world.universities.staff[std::size_t(u)], -1});
    }
    view.links.push_back({f.id[n], -1 - u, 1.0});
  }
  return view;
}

}  // namespace clustersim
