// Phase 6, production and markets: each sector's demand is shared among its firms
// in proportion to capacity times competitiveness, capped at capacity; revenue
// pays inputs, wages and R&D; employment moves toward what sales need.
#include <algorithm>
#include <cmath>

#include "models/phases.hpp"

namespace clustersim {

namespace {
double capacity_of(const World& world, std::size_t n) {
  const auto& f = world.firms;
  const auto& sector = world.scenario.sectors[std::size_t(f.sector[n])];
  return f.employees[n] * sector.revenue_per_employee * f.productivity[n];
}
}  // namespace

void production_phase(World& world) {
  auto& f = world.firms;
  auto& e = world.environment;
  const auto& p = world.parameters();
  const auto& sectors = world.scenario.sectors;
  // Weighted supply per sector, summed in firm order.
  std::fill(e.sector_supply.begin(), e.sector_supply.end(), 0.0);
  std::fill(e.sector_capacity.begin(), e.sector_capacity.end(), 0.0);
  for (int i = 0; i < f.capacity; ++i) {
    const auto n = std::size_t(i);
    if (!f.alive[n]) continue;
    const double capacity = capacity_of(world, n);
    e.sector_supply[std::size_t(f.sector[n])] += capacity * f.competitiveness[n];
    e.sector_capacity[std::size_t(f.sector[n])] += capacity;
  }
  for_each_alive_firm(world, [&](int i) {
    const auto n = std::size_t(i);
    const auto s = std::size_t(f.sector[n]);
    const double capacity = capacity_of(world, n);
    const double supply = e.sector_supply[s];
    const double sales =
        supply > 0
            ? std::min(capacity, e.sector_demand[s] * capacity * f.competitiveness[n] / supply)
            : 0.0;
    f.revenue[n] = sales;
    f.input_costs[n] = sectors[s].input_cost_share * sales;
    f.wage_bill[n] = p.wage * f.employees[n];
    f.cash[n] += sales - f.input_costs[n] - f.wage_bill[n] - f.rd_spent[n] + f.grant_received[n];
    // R&D budget for next month: a share of sales, and only out of positive cash.
    f.rd_budget[n] = f.cash[n] > 0 ? f.rd_intensity[n] * sales : 0.0;
    // Employment follows sales: shrink when capacity idles; grow when sold out and
    // profitable, but only as far as the sector's unmet demand allows.
    const double utilisation = capacity > 0 ? sales / capacity : 0.0;
    const double margin = sales > 0 ? (sales - f.input_costs[n] - f.wage_bill[n]) / sales : -1.0;
    const double unmet =
        e.sector_capacity[s] > 0 ? e.sector_demand[s] / e.sector_capacity[s] - 1.0 : 0.0;
    const double growth = std::clamp(std::min(margin, unmet), 0.0, 1.0);
    const double desired = f.employees[n] * (utilisation < 0.999 ? utilisation : 1.0 + growth);
    f.employees[n] =
        std::max(1.0, f.employees[n] + p.employment_adjustment * (desired - f.employees[n]));
  });
  for (std::size_t s = 0; s < sectors.size(); ++s)
    e.sector_demand[s] *= std::pow(1.0 + sectors[s].demand_growth, 1.0 / 12.0);
}

}  // namespace clustersim
