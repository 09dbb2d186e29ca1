#pragma once
// The documented keys of a scenario file, per table.
#include <string_view>
#include <vector>

#include "models/scenario/scenario.hpp"
#include "sim/schema_io.hpp"

namespace clustersim {

// The arrays of tables at the root ([[firms]], [[events]], ...), in file order, each
// listed once: binding, the resolved TOML and the reference follow from this list.
const std::vector<ArrayTable<Scenario>>& scenario_array_tables();
std::vector<std::string> scenario_array_table_names();

const std::vector<FieldSpec<Scenario>>& scenario_fields();
const std::vector<FieldSpec<Sector>>& sector_fields();
const std::vector<FieldSpec<Cluster>>& cluster_fields();
const std::vector<FieldSpec<FirmGroup>>& firm_group_fields();
const std::vector<FieldSpec<University>>& university_fields();
const std::vector<FieldSpec<Center>>& center_fields();
const std::vector<FieldSpec<Funder>>& funder_fields();
const std::vector<FieldSpec<Event>>& event_fields();
const std::vector<FieldSpec<KeyRateStep>>& key_rate_fields();
const std::vector<FieldSpec<ExchangeRateStep>>& exchange_rate_fields();
const std::vector<FieldSpec<BudgetStep>>& programme_budget_fields();
const std::vector<FieldSpec<Moratorium>>& moratorium_fields();
const std::vector<FieldSpec<ExploreKey>>& explore_fields();

// Finds a root key that events may schedule ("parameters.transfer.rate"), or nullptr.
const FieldSpec<Scenario>* schedulable_field(std::string_view key);
// The same key on a run's live policy, which events write (models/policy/events.cpp).
const FieldSpec<LivePolicy>* live_policy_field(std::string_view key);

}  // namespace clustersim
