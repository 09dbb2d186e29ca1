#include "models/policy/events.hpp"

#include <algorithm>
#include <cmath>

#include "models/scenario/scenario_schema.hpp"

namespace clustersim {

void apply_scheduled_set(LivePolicy& live, const std::vector<std::string>& domains,
                         const ScheduledSet& change) {
  if (const auto* spec = live_policy_field(change.key)) {
    std::visit(
        [&](auto get) {
          auto& target = get(live);
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
  const auto* spec = live_policy_field(key.substr(0, dot));
  const auto domain = key.substr(dot + 1);
  std::visit(
      [&](auto get) {
        auto& target = get(live);
        using V = std::remove_reference_t<decltype(target)>;
        if constexpr (std::is_same_v<V, std::vector<double>>) {
          for (std::size_t d = 0; d < domains.size(); ++d)
            if (domains[d] == domain) target[d] = change.value;
        }
      },
      spec->access);
}

namespace {

// Budget paths: a funder's last [[programme_budget]] step at or before this month (steps
// of a funder ascend; validation keeps events from changing the same budget).
void apply_programme_budgets(World& world) {
  const Scenario& scenario = world.scenario();
  for (const auto& step : scenario.programme_budget)
    if (!(world.date < step.from))
      world.funders.annual_budget[std::size_t(index_by_name(scenario.funders, step.funder))] =
          step.annual_budget;
}

// Sectors a bankruptcy moratorium covers this month.
void apply_moratoria(World& world) {
  const Scenario& scenario = world.scenario();
  auto& covered = world.environment.moratorium;
  std::fill(covered.begin(), covered.end(), std::uint8_t{0});
  for (const auto& window : scenario.bankruptcy_moratorium) {
    if (world.date < window.from || !(world.date < window.until)) continue;
    if (window.sectors.empty()) std::fill(covered.begin(), covered.end(), std::uint8_t{1});
    for (const auto& name : window.sectors)
      covered[std::size_t(index_by_name(scenario.sectors, name))] = 1;
  }
}

}  // namespace

void apply_scheduled_events(World& world) {
  const Scenario& scenario = world.scenario();
  for (const auto& event : scenario.events) {
    if (!(event.date == world.date)) continue;
    for (const auto& change : event.set) apply_scheduled_set(world.live, scenario.domains, change);
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
  world.environment.key_rate = world.parameters().key_rate;
  for (const auto& step : scenario.key_rate)
    if (!(world.date < step.from)) world.environment.key_rate = step.rate;
  world.environment.exchange_rate =
      exchange_rate_at(scenario.exchange_rate, world.parameters().exchange_rate, world.date);
  apply_programme_budgets(world);
  apply_moratoria(world);
}

double exchange_rate_at(const std::vector<ExchangeRateStep>& path, double before_path,
                        YearMonth date) {
  double rate = before_path;
  for (const auto& step : path)
    if (!(date < step.from)) rate = step.rub_per_usd;
  return rate;
}

}  // namespace clustersim
