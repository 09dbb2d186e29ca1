#pragma once
// How a cluster run goes into a results file, shared by `clustersim run`, the other
// ensemble commands and the page's download: the header (provenance, the resolved
// scenario, the month labels) and where each snapshot lives (docs/output-format.md).
#include <string>

#include "models/scenario/scenario.hpp"
#include "sim/results_file.hpp"

namespace clustersim {

// Provenance of this run (now, the command line, seed, replications, threads) and the
// scenario as resolved, so `clustersim rerun` can remake the file.
void write_run_header(ResultsWriter& writer, const Scenario& scenario,
                      const std::string& command_line, int threads);

// The group of replication `replication`'s snapshot at month `label` (YYYY-MM).
std::string snapshot_group(const std::string& label, int replication);

}  // namespace clustersim
