#pragma once
// The first phase of every month: applies what the scenario schedules for it.
#include "models/world.hpp"

namespace clustersim {

// Parameter changes, center openings and closings, budget changes, the key-rate,
// exchange-rate and programme-budget paths and bankruptcy moratoria take effect at once; firms
// added by an event are left in world.pending_entries for the demography phase, which creates
// firms.
void apply_scheduled_events(World& world);

// Sets one schedulable key ("parameters.transfer.rate" or
// "policy.foreign_knowledge_access.software") on a run's live policy; `domains` names the
// scenario's domains, for per-domain keys.
void apply_scheduled_set(LivePolicy& live, const std::vector<std::string>& domains,
                         const ScheduledSet& change);

// RUB per USD in force at `date`: the last step of `path` at or before it, else
// `before_path` (parameters.markets.exchange_rate, which events may change).
double exchange_rate_at(const std::vector<ExchangeRateStep>& path, double before_path,
                        YearMonth date);

}  // namespace clustersim
