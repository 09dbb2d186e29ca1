// Diffusion curves per process technology: how many alive firms use each domain's
// technology (its developers and adopters). Bass's model describes one innovation from
// its launch, so these curves, not the all-technology total, are what a Bass fit reads.
#include <array>
#include <bit>
#include <cstdint>

#include "models/metrics.hpp"
#include "sim/interrupt.hpp"

namespace clustersim {
namespace {

struct TechnologyUsers {
  std::array<long, 64> users{};  // one per bit of FirmState::adopted
};

void gather_users(const World& world, TechnologyUsers& t) {
  const auto& f = world.firms;
  t.users.fill(0);
  for (int i = 0; i < f.capacity; ++i) {
    stop_point(i);
    const auto n = std::size_t(i);
    if (!f.alive[n]) continue;
    for (std::uint64_t left = f.adopted[n]; left != 0; left &= left - 1)
      ++t.users[std::size_t(std::countr_zero(left))];
  }
}

}  // namespace

MetricGroup<World> diffusion_metrics(const Scenario& scenario) {
  MetricGroupBuilder<World, TechnologyUsers> b;
  const auto& domains = scenario.domains;
  for (std::size_t d = 0; d < domains.size(); ++d)  // at most 64 (scenario validation)
    b.add("technology_users_" + domains[d], "firms", MetricKind::stock, MetricRange::nonnegative(),
          "Alive firms that use the process technology of domain " + domains[d] +
              " (developed it or adopted it): its diffusion curve from its first use on.",
          [d](const World&, const TechnologyUsers& t) { return double(t.users[d]); });
  return std::move(b).build(gather_users);
}

}  // namespace clustersim
