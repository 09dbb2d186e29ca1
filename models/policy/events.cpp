#include "models/policy/events.hpp"

#include <cmath>

#include "models/scenario/scenario_schema.hpp"

namespace clustersim {

void apply_scheduled_set(Scenario& scenario, const ScheduledSet& change) {
  if (const auto* spec = schedulable_field(change.key)) {
    std::visit(
        [&](auto get) {
          auto& target = get(scenario);
          using V = std::remove_reference_t<decltype(target)>;
          if constexpr (std::is_same_v<V, double>) target = change.value;
          if constexpr (std::is_same_v<V, int>)
            target = static_cast<int>(std::lround(change.value));
        },
        spec->access);
    return;
  }
  // A per-domain entry: the key is the map's key plus a domain name (checked when loaded).
  // string_view slices: the month loop must not allocate.
  const std::string_view key = change.key;
  const auto dot = key.rfind('.');
  const auto* spec = schedulable_field(key.substr(0, dot));
  const auto domain = key.substr(dot + 1);
  std::visit(
      [&](auto get) {
        auto& target = get(scenario);
        using V = std::remove_reference_t<decltype(target)>;
        if constexpr (std::is_same_v<V, std::vector<double>>) {
          for (std::size_t d = 0; d < scenario.domains.size(); ++d)
            if (scenario.domains[d] == domain) target[d] = change.value;
        }
      },
      spec->access);
}

void apply_scheduled_events(World& world) {
  Scenario& scenario = world.scenario;
  for (const auto& event : scenario.events) {
    if (!(event.date == world.date)) continue;
    for (const auto& change : event.set) apply_scheduled_set(scenario, change);
    for (const auto& name : event.open_centers)
      world.centers.active[std::size_t(index_by_name(scenario.centers, name))] = 1;
    for (const auto& name : event.close_centers)
      world.centers.active[std::size_t(index_by_name(scenario.centers, name))] = 0;
    if (!event.funder.empty() && event.funder_budget >= 0)
      world.funders.annual_budget[std::size_t(index_by_name(scenario.funders, event.funder))] =
          event.funder_budget;
    if (event.add_firms > 0)
      world.pending_entries[std::size_t(index_by_name(scenario.firms, event.add_firms_group))] +=
          event.add_firms;
  }
  // The key rate: the last [[key_rate]] step at or before this month, else the parameter.
  world.environment.key_rate = scenario.parameters.key_rate;
  for (const auto& step : scenario.key_rate)
    if (!(world.date < step.from)) world.environment.key_rate = step.rate;
  world.environment.exchange_rate = exchange_rate_at(scenario, world.date);
}

double exchange_rate_at(const Scenario& scenario, YearMonth date) {
  double rate = scenario.parameters.exchange_rate;
  for (const auto& step : scenario.exchange_rate)
    if (!(date < step.from)) rate = step.rub_per_usd;
  return rate;
}

}  // namespace clustersim
