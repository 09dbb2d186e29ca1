// Sanctions and import substitution. STUB to be completed: no sanctions effects.
#include "models/metrics.hpp"
#include "models/money.hpp"

namespace clustersim {

void apply_sanctions_package(World& /*world*/, const Event& /*event*/) {}
void update_supply(World& /*world*/) {}
double input_availability(const World& /*world*/, int /*i*/) { return 1.0; }
double input_cost_factor(const World& /*world*/, int /*i*/) { return 1.0; }
void account_critical_inputs(World& /*world*/) {}

MetricGroup supply_metrics(const Scenario& /*scenario*/) {
  return {{}, [](const World&, double*) {}};
}

}  // namespace clustersim
