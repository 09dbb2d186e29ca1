#pragma once
// The state of one replication at a requested month, as the results file stores it
// under /snapshots/<month>/replication_<r> (docs/output-format.md).
#include "models/world.hpp"
#include "sim/dataset.hpp"

namespace clustersim {

// Firms alive (one row each, in slot order) and the partner network.
DatasetGroup capture_snapshot(const World& world);

// Whether the column recorded after step t (t = 0 the initial state) is a month the
// scenario asks to snapshot.
bool is_snapshot_month(const Scenario& scenario, const World& world, int t);

}  // namespace clustersim
