#include <algorithm>
#include <filesystem>
#include <iostream>

#include "app/commands.hpp"
#include "app/options.hpp"
#include "app/report.hpp"
#include "models/cluster_model.hpp"
#include "models/snapshot.hpp"
#include "sim/diagnostics.hpp"
#include "sim/interrupt.hpp"
#include "sim/ordered_queue.hpp"
#include "sim/progress.hpp"
#include "sim/results_file.hpp"
#include "models/scenario/scenario_loader.hpp"
#include "models/scenario/scenario_writer.hpp"

namespace clustersim::app {

namespace {
const std::vector<std::string> kHeadline = {"firms_alive",
                                            "employment",
                                            "revenue",
                                            "rd_spending",
                                            "innovations_total",
                                            "knowledge_mean",
                                            "competence_gap",
                                            "links",
                                            "clustering_coefficient",
                                            "largest_component_share",
                                            "trainings_delivered"};
}

int run_command(const std::vector<std::string>& args, const std::string& command_line) {
  po::options_description options("clustersim run SCENARIO [options]");
  options.add_options()("help,h", "show this help")(
      "scenario", po::value<std::string>()->required(), "scenario file (TOML)")(
      "output,o", po::value<std::string>(), "results file (default: SCENARIO name with .h5)")(
      "quiet,q", "no progress bar, no table");
  add_ensemble_options(options);
  po::positional_options_description positional;
  positional.add("scenario", 1);
  const auto parsed = parse_options(
      args, options, positional, "Runs a scenario on the parallel engine and writes HDF5 results.");
  if (!parsed) return 0;
  const auto& vm = *parsed;
  const auto path = vm["scenario"].as<std::string>();
  auto overrides = scenario_overrides(vm);
  const Scenario scenario = load_scenario_file(path, overrides);
  const std::string output = output_path(vm, path, ".h5");

  const ThreadLimit limit(vm["threads"].as<int>());
  const bool quiet = vm.count("quiet") > 0;
  install_interrupt_handlers();
  ResultsWriter writer(output);
  const auto labels = column_labels(scenario.calendar);
  writer.write_header({scenario.name, command_line, utc_now_iso8601(), scenario.seed,
                       scenario.replications, limit.threads()},
                      to_toml(scenario), labels);
  ProgressBar progress(!quiet);
  RunOptions<World> run;
  run.stop = &interrupt_flag();
  run.on_progress = [&](long done, long total) { progress.update(done, total); };
  // Snapshots are written in replication order whatever order replications finish in,
  // so the file does not depend on the thread count.
  ReplicationOrderedQueue<std::pair<std::string, DatasetGroup>> snapshots(
      scenario.replications, [&](int r, const std::pair<std::string, DatasetGroup>& item) {
        writer.write_group("/snapshots/" + item.first + "/replication_" + std::to_string(r),
                           item.second);
      });
  run.on_record = [&](const World& world, int r, int t) {
    if (is_snapshot_month(scenario, world, t))
      snapshots.push(r, {labels[std::size_t(t)], capture_snapshot(world)});
  };
  run.on_replication_done = [&](int r) { snapshots.finish(r); };
  MetricTable table;
  try {
    table = run_ensemble(cluster_model(scenario), ensemble_shape(scenario), run);
  } catch (const Interrupted&) {
    std::cerr << "\nclustersim: interrupted; no results written (" << output
              << " was not created or changed)\n";
    return 1;
  }
  writer.write_metrics(table, scenario.output.compression);
  writer.commit();
  if (!quiet) {
    std::cout << "scenario " << scenario.name << ": " << scenario.replications << " replications, "
              << scenario.calendar.months() << " months, written to " << output << "\n\n";
    print_final_table(std::cout, table, kHeadline);
  }
  return 0;
}

}  // namespace clustersim::app
