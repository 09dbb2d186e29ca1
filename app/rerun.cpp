// `clustersim rerun`: reruns the scenario stored in a results file and compares bit for bit.
#include <bit>
#include <cstring>
#include <iostream>

#include "app/commands.hpp"
#include "app/ensemble_command.hpp"
#include "app/memory_limit.hpp"
#include "app/options.hpp"
#include "models/cluster_model.hpp"
#include "models/scenario/scenario_loader.hpp"
#include "sim/diagnostics.hpp"
#include "sim/progress.hpp"
#include "sim/results_file.hpp"

namespace clustersim::app {
namespace {

// Prints each stored metric the fresh run does not reproduce bit for bit; exit code 0
// when all match, else 1.
int report_differences(const MetricTable& stored, const MetricTable& fresh) {
  int mismatched = 0, compared = 0;
  for (const auto& info : stored.metrics()) {
    const int a = stored.index_of(info.name);
    const int b = fresh.index_of(info.name);
    ++compared;
    if (b < 0 || fresh.replications() != stored.replications() ||
        fresh.columns() != stored.columns()) {
      std::cout << "differs: " << info.name << " (missing or different shape)\n";
      ++mismatched;
      continue;
    }
    const std::size_t bytes = sizeof(double) * std::size_t(fresh.replications() * fresh.columns());
    if (std::memcmp(stored.series(a), fresh.series(b), bytes) != 0) {
      std::cout << "differs: " << info.name << '\n';
      ++mismatched;
    }
  }
  if (mismatched == 0) {
    std::cout << "identical: all " << compared << " metrics match bit for bit\n";
    return 0;
  }
  std::cout << mismatched << " of " << compared << " metrics differ\n";
  return 1;
}

}  // namespace

int rerun_command(const std::vector<std::string>& args) {
  po::options_description options("clustersim rerun FILE [options]");
  options.add_options()("help,h", "show this help")("file", po::value<std::string>()->required(),
                                                    "results file (HDF5)")(
      "threads", po::value<int>()->default_value(0), "worker threads (0: all cores)")(
      "quiet,q", "no progress");
  add_memory_option(options);
  po::positional_options_description positional;
  positional.add("file", 1);
  const auto parsed = parse_options(
      args, options, positional,
      "Reruns the scenario stored in a results file; exit 0 when every metric matches exactly.");
  if (!parsed) return 0;
  const auto path = (*parsed)["file"].as<std::string>();
  const auto stored = read_results(path);
  if (stored.metrics.metrics().empty())
    throw InputError(path +
                     ": no metrics to compare (expected a file written by `clustersim run`; "
                     "stress files are not rerun)");
  const Scenario scenario = load_scenario_text(stored.scenario_toml, path + ":/scenario");
  check_memory(scenario, *parsed, 2);  // the stored table and the fresh one
  const ThreadLimit limit(threads_option(*parsed));
  MetricTable fresh;
  try {
    ProgressBar progress(!parsed->count("quiet"));
    RunOptions<World> run = interruptible_run_options();
    run.on_progress = [&](long done, long total) { progress.update(done, total); };
    fresh = run_ensemble(cluster_model(scenario), ensemble_shape(scenario), run);
  } catch (const Interrupted&) {
    std::cerr << "\nclustersim: interrupted\n";
    return 1;
  }
  return report_differences(stored.metrics, fresh);
}

}  // namespace clustersim::app
