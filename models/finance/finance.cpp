// Phase 2, finance: loans are serviced, then funders run their instruments.
#include "models/finance/money.hpp"
#include "models/phases.hpp"

namespace clustersim {

void finance_phase(World& world) {
  service_loans(world);
  run_public_instruments(world);
}

}  // namespace clustersim
