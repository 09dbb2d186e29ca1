#pragma once
// The documented keys of a scenario file, per table.
#include <string_view>
#include <vector>

#include "models/scenario/scenario.hpp"
#include "sim/schema.hpp"

namespace clustersim {

// Tables that are arrays of tables at the root, in file order.
inline const std::vector<std::string> kArrayTables = {
    "sectors", "clusters", "firms", "universities", "centers", "funders", "key_rate", "events"};

const std::vector<FieldSpec<Scenario>>& scenario_fields();
const std::vector<FieldSpec<Sector>>& sector_fields();
const std::vector<FieldSpec<Cluster>>& cluster_fields();
const std::vector<FieldSpec<FirmGroup>>& firm_group_fields();
const std::vector<FieldSpec<University>>& university_fields();
const std::vector<FieldSpec<Center>>& center_fields();
const std::vector<FieldSpec<Funder>>& funder_fields();
const std::vector<FieldSpec<Event>>& event_fields();
const std::vector<FieldSpec<KeyRateStep>>& key_rate_fields();

// Finds a root key that events may schedule ("parameters.transfer.rate"), or nullptr.
const FieldSpec<Scenario>* schedulable_field(std::string_view key);

}  // namespace clustersim
