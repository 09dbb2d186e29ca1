#pragma once
// Pure formulas of a sector's domestic market shared between the cluster's firms and
// foreign suppliers (docs/model.md 3.7, "Imports"): an Armington market in which buyers
// weigh domestic supply (capacity x appeal) against a foreign weight that moves with the
// presence of foreign suppliers and with the relative price of imports.
#include <algorithm>
#include <cmath>

namespace clustersim::rules {

// The foreign weight that makes imports serve `import_share` of the market when domestic
// supply weighs `domestic_weight` (at the start: prices 1, exchange-rate index 1).
inline double foreign_weight_at_start(double domestic_weight, double import_share) {
  if (import_share <= 0 || domestic_weight <= 0) return 0.0;
  return domestic_weight * import_share / (1.0 - import_share);
}

// Foreign weight now: the starting weight times the share of foreign suppliers still
// present, times the relative price of imports (exchange-rate index over the sector's
// price level) raised to -elasticity (Armington elasticity of substitution).
inline double foreign_weight(double weight_at_start, double presence, double exchange_index,
                             double sector_price, double elasticity) {
  if (weight_at_start <= 0 || presence <= 0) return 0.0;
  return weight_at_start * presence * std::pow(exchange_index / sector_price, -elasticity);
}

// Share of the sector's real demand that buyers place with domestic firms (1 without
// foreign suppliers).
inline double domestic_market_share(double domestic_weight, double foreign) {
  if (foreign <= 0) return 1.0;
  const double total = domestic_weight + foreign;
  return total > 0 ? domestic_weight / total : 0.0;
}

// What buyers ask of a firm beyond its domestic capacity, as a share of it: the sector's
// domestic demand is shared in proportion to capacity x appeal (weighted supply sums
// those), so a firm's demand per unit of capacity is demand x appeal / weighted supply.
// Its sign says whether buyers favour the firm more than the sector's capacity can serve.
inline double excess_demand_for_firm(double domestic_demand, double appeal,
                                     double weighted_supply) {
  return weighted_supply > 0 ? domestic_demand * appeal / weighted_supply - 1.0 : 0.0;
}

// Share of its workforce a sold-out, profitable firm plans to add: its unmet home demand
// times the civilian share of its capacity (defence orders are a fixed budget, so what it adds
// serves civilians, and exports keep their share of that), between 0 and `cap`.
inline double planned_growth(double unmet, double civilian_share, double cap) {
  return std::clamp(unmet * civilian_share, 0.0, cap);
}

// A firm's purchased inputs for the month (docs/model.md 3.7, "Input costs"). The domestic
// part, 1 - imported_share of them, is bought at the prices of what the firm sells
// (`at_sales_prices`: the input share of its sales); its critical imports are a quantity
// per unit of output (`at_list_prices`: the input share of its output at list prices)
// priced in roubles at the exchange rate and parallel mark-ups (`import_cost` per rouble
// at list prices), whatever its own price: a price raised to pass a dearer rouble on does
// not make the imports dearer again.
inline double input_bill(double at_sales_prices, double at_list_prices, double imported_share,
                         double import_cost) {
  return at_sales_prices * (1.0 - imported_share) + at_list_prices * import_cost;
}

}  // namespace clustersim::rules
