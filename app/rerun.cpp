// `clustersim rerun`: reruns the scenario stored in a results file and compares bit for bit.
#include <cstring>
#include <iostream>
#include <mutex>
#include <vector>

#include "analysis/experiment_runner.hpp"
#include "app/commands.hpp"
#include "app/ensemble_command.hpp"
#include "app/experiment_file.hpp"
#include "app/memory_limit.hpp"
#include "app/options.hpp"
#include "models/cluster_model.hpp"
#include "models/scenario/scenario_loader.hpp"
#include "sim/diagnostics.hpp"
#include "sim/interrupt.hpp"
#include "sim/progress.hpp"
#include "sim/results_file.hpp"

namespace clustersim::app {
namespace {

// Compares a fresh run with the stored table replication by replication, as each
// finishes, so the fresh run keeps no table of its own.
class StoredComparison {
 public:
  StoredComparison(const MetricTable& stored, const std::vector<MetricInfo>& fresh_metrics,
                   int fresh_columns)
      : stored_(stored), differs_(stored.metrics().size(), false) {
    for (const auto& info : stored.metrics()) {
      int index = -1;
      for (std::size_t b = 0; b < fresh_metrics.size(); ++b)
        if (fresh_metrics[b].name == info.name) index = int(b);
      fresh_index_.push_back(index);
    }
    same_shape_ = fresh_columns == stored.columns();
  }

  // Thread-safe: replications finish on any thread.
  void compare(int r, const ReplicationSeries& fresh) {
    const std::lock_guard lock(mutex_);
    for (std::size_t a = 0; a < differs_.size(); ++a) {
      const int b = fresh_index_[a];
      if (b < 0 || !same_shape_ || r >= stored_.replications()) continue;  // reported below
      const double* stored =
          stored_.series(int(a)) + std::size_t(r) * std::size_t(stored_.columns());
      if (std::memcmp(stored, fresh.row(b), sizeof(double) * std::size_t(fresh.columns())) != 0)
        differs_[a] = true;
    }
  }

  // Prints each stored metric the fresh run does not reproduce bit for bit; exit code 0
  // when all match, else 1.
  int report(int fresh_replications) const {
    int mismatched = 0;
    for (std::size_t a = 0; a < differs_.size(); ++a) {
      const auto& name = stored_.metrics()[a].name;
      if (fresh_index_[a] < 0 || !same_shape_ || fresh_replications != stored_.replications()) {
        std::cout << "differs: " << name << " (missing or different shape)\n";
        ++mismatched;
      } else if (differs_[a]) {
        std::cout << "differs: " << name << '\n';
        ++mismatched;
      }
    }
    const int compared = int(differs_.size());
    if (mismatched == 0) {
      std::cout << "identical: all " << compared << " metrics match bit for bit\n";
      return 0;
    }
    std::cout << mismatched << " of " << compared << " metrics differ\n";
    return 1;
  }

 private:
  const MetricTable& stored_;
  std::vector<int> fresh_index_;  // per stored metric, its index in the fresh run (-1: none)
  std::vector<bool> differs_;
  bool same_shape_ = true;
  std::mutex mutex_;
};

// An experiment's file: every row remade as the runner made it, point by point from the
// stored scenario with the point's settings, on the same replications.
int rerun_design(const std::string& path, const ResultsData& stored, const StoredDesign& design,
                 bool show_progress) {
  std::vector<Scenario> points;
  for (const auto& settings : design.settings) {
    std::vector<std::string> overrides;
    for (std::size_t k = 0; k < design.keys.size(); ++k)
      overrides.push_back(design.keys[k] + "=" + settings[k]);
    points.push_back(load_scenario_text(stored.scenario_toml, path + ":/scenario", overrides));
  }
  const int reps = design.replications_per_point;
  StoredComparison comparison(stored.metrics, cluster_model(points.front()).metrics,
                              points.front().calendar.months() + 1);
  ExperimentCallbacks callbacks;
  install_interrupt_handlers();
  callbacks.run = [&](int p, int r) {
    return run_replication(points[std::size_t(p)], r, &interrupt_flag());
  };
  callbacks.finished = [&](int p, int r, const ReplicationSeries& fresh) {
    comparison.compare(p * reps + r, fresh);
  };
  ProgressBar progress(show_progress);
  callbacks.progress = [&](long done, long total) { progress.update(done, total); };
  try {
    run_experiment({int(points.size()), reps}, nullptr, callbacks, &interrupt_flag());
  } catch (const Interrupted&) {
    std::cerr << "\nclustersim: interrupted\n";
    return 1;
  }
  progress.clear();
  return comparison.report(int(points.size()) * reps);
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
  check_memory(scenario, *parsed, 1);  // the stored table; the fresh run streams
  const ThreadLimit limit(threads_option(*parsed));
  if (const auto design = read_design(path))
    return rerun_design(path, stored, *design, !parsed->count("quiet"));
  const auto model = cluster_model(scenario);
  const EnsembleShape shape = ensemble_shape(scenario);
  StoredComparison comparison(stored.metrics, model.metrics, shape.months + 1);
  try {
    ProgressBar progress(!parsed->count("quiet"));
    RunOptions<World> run = interruptible_run_options();
    run.on_progress = [&](long done, long total) { progress.update(done, total); };
    run.keep_table = false;
    run.on_replication_done = [&](int r, const ReplicationSeries& fresh) {
      comparison.compare(r, fresh);
    };
    run_ensemble(model, shape, run);
  } catch (const Interrupted&) {
    std::cerr << "\nclustersim: interrupted\n";
    return 1;
  }
  return comparison.report(shape.replications);
}

}  // namespace clustersim::app
