// Wages (docs/model.md 3.7): the wage per employee follows the mean sector price and
// mean productivity, indexed once a year.
#include <cmath>

#include "models/finance/money.hpp"
#include "sim/interrupt.hpp"

namespace clustersim {

double current_wage(const World& world) {
  return world.parameters().wage * world.environment.wage_index;
}

double mean_sector_price(const World& world) {
  const auto& prices = world.environment.sector_price;
  double sum = 0;
  for (double price : prices) sum += price;
  return prices.empty() ? 1.0 : sum / double(prices.size());
}

double mean_productivity(const World& world) {
  const auto& f = world.firms;
  double weighted = 0, employees = 0;
  for (int i = 0; i < f.capacity; ++i) {
    stop_point(i);
    const auto n = std::size_t(i);
    if (!f.alive[n]) continue;
    weighted += f.employees[n] * f.productivity[n];
    employees += f.employees[n];
  }
  return employees > 0 ? weighted / employees : 1.0;
}

// K+S wage rule, applied once a year (in December's production phase, as wage
// agreements are indexed annually): the wage rises with the year's change of the mean
// sector price (indexation) and of mean productivity (gains shared with workers), so
// margins do not drift up as prices and productivity rise, while a price spike within
// the year still raises margins until the next indexation (Dosi et al. 2010;
// docs/model.md 3.7).
void index_wages(World& world) {
  if (world.date.month != 12) return;
  const auto& p = world.parameters();
  auto& e = world.environment;
  const double price = mean_sector_price(world);
  const double productivity = mean_productivity(world);
  const double price_change = e.price_indexed > 0 ? price / e.price_indexed : 1.0;
  const double productivity_change =
      e.productivity_indexed > 0 ? productivity / e.productivity_indexed : 1.0;
  e.wage_index *= std::pow(price_change, p.wage_price_indexation) *
                  std::pow(productivity_change, p.wage_productivity_indexation);
  e.price_indexed = price;
  e.productivity_indexed = productivity;
}

}  // namespace clustersim
