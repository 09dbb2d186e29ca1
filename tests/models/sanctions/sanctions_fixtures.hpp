#pragma once
// Sanctions packages for the sanctions tests.
#include "models/scenario/scenario.hpp"

namespace clustersim::testing {

// A package cutting `cut` of domain 0's critical imports, nothing else.
inline Event package(const Scenario& scenario, double cut, double markup, int delay) {
  const auto domains = std::size_t(scenario.domain_count());
  Event event;
  event.date = scenario.calendar.start;
  event.import_cut.assign(domains, 0.0);
  event.parallel_markup.assign(domains, 0.0);
  event.knowledge_cut.assign(domains, 0.0);
  event.licence_cut.assign(domains, 0.0);
  event.import_cut[0] = cut;
  event.parallel_markup[0] = markup;
  event.parallel_delay = delay;
  return event;
}

}  // namespace clustersim::testing
