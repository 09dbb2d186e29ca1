#include "models/knowledge/knowledge_rules.hpp"

#include <numbers>

namespace clustersim::rules {

double haversine_km(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kEarthRadiusKm = 6371.0;
  constexpr double kRadians = std::numbers::pi / 180.0;
  const double dlat = (lat2 - lat1) * kRadians;
  const double dlon = (lon2 - lon1) * kRadians;
  const double h = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(lat1 * kRadians) * std::cos(lat2 * kRadians) * std::sin(dlon / 2) *
                       std::sin(dlon / 2);
  return 2 * kEarthRadiusKm * std::asin(std::min(1.0, std::sqrt(h)));
}

}  // namespace clustersim::rules
