#include "models/run_results.hpp"

#include "models/scenario/scenario_writer.hpp"

namespace clustersim {

void write_run_header(ResultsWriter& writer, const Scenario& scenario,
                      const std::string& command_line, int threads) {
  writer.write_header({scenario.name, command_line, utc_now_iso8601(), scenario.seed,
                       scenario.replications, threads},
                      to_toml(scenario), column_labels(scenario.calendar));
}

std::string snapshot_group(const std::string& label, int replication) {
  return "/snapshots/" + label + "/replication_" + std::to_string(replication);
}

}  // namespace clustersim
