// `clustersim rerun`: reruns the scenario stored in a results file and compares bit for bit:
// a run's metrics and snapshots, an experiment's metrics, a stress file's /stress, a sweep
// file's /sweep.
#include <algorithm>
#include <cstring>
#include <iostream>
#include <mutex>
#include <vector>

#include "analysis/experiment_runner.hpp"
#include "app/commands.hpp"
#include "app/ensemble_command.hpp"
#include "app/experiment_file.hpp"
#include "app/key_range.hpp"
#include "app/memory_limit.hpp"
#include "app/options.hpp"
#include "app/stored_group.hpp"
#include "app/stress_search.hpp"
#include "app/sweep_plan.hpp"
#include "models/cluster_model.hpp"
#include "models/run_results.hpp"
#include "models/scenario/scenario_loader.hpp"
#include "models/snapshot.hpp"
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
    try {
      points.push_back(load_scenario_text(stored.scenario_toml, path + ":/scenario", overrides));
    } catch (const InputError& error) {
      rethrow_naming_options(error, settings_named(overrides, path + ":/design"));
    }
  }
  const int reps = design.replications_per_point;
  StoredComparison comparison(stored.metrics, cluster_model(points.front()).metrics,
                              points.front().calendar.months() + 1);
  ExperimentCallbacks callbacks;
  callbacks.run = [&](int p, int r) {
    return run_replication(points[std::size_t(p)], r, &interrupt_flag());
  };
  callbacks.finished = [&](int p, int r, const ReplicationSeries& fresh) {
    comparison.compare(p * reps + r, fresh);
  };
  ProgressBar progress(show_progress);
  callbacks.progress = [&](long done, long total) { progress.update(done, total); };
  run_experiment({int(points.size()), reps}, nullptr, callbacks, &interrupt_flag());
  progress.clear();
  return comparison.report(int(points.size()) * reps);
}

// A run's snapshots, each compared with the stored group as the fresh run makes it.
class SnapshotComparison {
 public:
  SnapshotComparison(const std::string& path, const Scenario& scenario)
      : path_(path), scenario_(scenario), labels_(column_labels(scenario.calendar)) {}

  // Called from any thread; the HDF5 read is serialised (the library is not thread-safe).
  void compare(const World& world, int r, int t) {
    if (!is_snapshot_month(scenario_, world, t)) return;
    const DatasetGroup fresh = capture_snapshot(world);
    const std::string group = snapshot_group(labels_[std::size_t(t)], r);
    const std::lock_guard lock(mutex_);
    ++compared_;
    const auto stored = read_group(path_, group);
    if (!stored) {
      differing_.push_back(group + " (not in the file)");
      return;
    }
    for (const auto& name : compare_trees(*stored, fresh).differing)
      differing_.push_back(group + "/" + name);
  }

  // Prints what differs, in path order whatever order the threads found it in; 0 when
  // every snapshot matches, else 1.
  int report() {
    std::sort(differing_.begin(), differing_.end());
    for (const auto& name : differing_) std::cout << "differs: " << name << '\n';
    if (compared_ == 0) return 0;
    if (differing_.empty()) {
      std::cout << "identical: all " << compared_ << " snapshots match bit for bit\n";
      return 0;
    }
    std::cout << differing_.size() << " snapshot datasets differ\n";
    return 1;
  }

 private:
  std::string path_;
  const Scenario& scenario_;
  std::vector<std::string> labels_;
  std::mutex mutex_;
  int compared_ = 0;
  std::vector<std::string> differing_;
};

// A run file's table and snapshots, remade replication by replication.
int rerun_table(const std::string& path, const ResultsData& stored, const Scenario& scenario,
                bool show_progress) {
  const auto model = cluster_model(scenario);
  const EnsembleShape shape = ensemble_shape(scenario);
  StoredComparison comparison(stored.metrics, model.metrics, shape.months + 1);
  SnapshotComparison snapshots(path, scenario);
  ProgressBar progress(show_progress);
  RunOptions<World> run = interruptible_run_options();
  run.on_progress = [&](long done, long total) { progress.update(done, total); };
  run.keep_table = false;
  run.on_record = [&](const World& world, int r, int t) { snapshots.compare(world, r, t); };
  run.on_replication_done = [&](int r, const ReplicationSeries& fresh) {
    comparison.compare(r, fresh);
  };
  run_ensemble(model, shape, run);
  const int metrics = comparison.report(shape.replications);
  return std::max(metrics, snapshots.report());
}

// Prints what of the stored group the remade one does not reproduce bit for bit; exit
// code 0 when all match, else 1.
int report_group(const std::string& group_path, const DatasetGroup& stored,
                 const DatasetGroup& fresh) {
  const auto comparison = compare_groups(stored, fresh);
  for (const auto& name : comparison.differing)
    std::cout << "differs: " << group_path << "/" << name << '\n';
  const std::string what =
      std::to_string(comparison.compared) + " datasets and attributes of " + group_path;
  if (comparison.differing.empty()) {
    std::cout << "identical: all " << what << " match bit for bit\n";
    return 0;
  }
  std::cout << comparison.differing.size() << " of " << what << " differ\n";
  return 1;
}

ScenarioSource stored_source(const std::string& path, const ResultsData& stored) {
  return {path + ":/scenario", {}, stored.scenario_toml};
}

// The question a stress file answered, as /stress records it: its direction is the one
// the search resolved (below or above), its window the months it used.
StressQuestion stored_question(const DatasetGroup& group, const std::string& path) {
  const auto text = [&](const char* name) {
    return required_attribute<std::string>(group, "/stress", name, path);
  };
  const auto number = [&](const char* name) {
    return required_attribute<double>(group, "/stress", name, path);
  };
  const auto integer = [&](const char* name) {
    return required_attribute<std::int32_t>(group, "/stress", name, path);
  };
  StressQuestion q;
  q.shock = {text("key"), number("low"), number("high"), path + ":/stress"};
  q.metric = text("metric");
  q.threshold = number("threshold");
  q.direction = text("direction");
  q.relative = integer("relative") != 0;
  q.within = integer("within");
  q.search.points = integer("points");
  q.search.refine = integer("refine");
  return q;
}

// A stress file's search, asked again of its stored scenario (the scenario at LO).
int rerun_stress(const std::string& path, const ResultsData& stored, const DatasetGroup& group,
                 bool show_progress) {
  StressSearch search(stored_question(group, path), stored_source(path, stored));
  const auto record = search.run(nullptr, interrupt_flag(), show_progress);
  return report_group("/stress", group, to_datasets(record));
}

// A sweep file's runs, planned again from /sweep and its stored scenario (the baseline).
int rerun_sweep(const std::string& path, const ResultsData& stored, const DatasetGroup& group,
                bool show_progress) {
  const auto& keys = values_of<std::string>(group, "/sweep", "key", path);
  const auto& low = values_of<double>(group, "/sweep", "low", path);
  const auto& high = values_of<double>(group, "/sweep", "high", path);
  if (low.size() != keys.size() || high.size() != keys.size())
    throw InputError(path +
                     ": malformed results file: /sweep/low and /sweep/high need a value "
                     "per key (see docs/output-format.md)");
  std::vector<KeyRange> ranges;
  for (std::size_t k = 0; k < keys.size(); ++k)
    ranges.push_back({keys[k], low[k], high[k], path + ":/sweep"});
  const SweepPlan plan(
      std::move(ranges), required_attribute<std::string>(group, "/sweep", "metric", path),
      required_attribute<std::string>(group, "/sweep", "month", path), stored_source(path, stored));
  const auto record = plan.run(nullptr, interrupt_flag(), show_progress);
  return report_group("/sweep", group, to_datasets(record));
}

// Remakes whatever the file holds: a stress search, a sweep, an experiment's rows or a
// run's table.
int rerun_file(const std::string& path, const po::variables_map& options) {
  const auto stored = read_results(path);
  const bool show_progress = !options.count("quiet");
  const Scenario scenario = load_scenario_text(stored.scenario_toml, path + ":/scenario");
  const auto stress = read_group(path, "/stress");
  const auto sweep = stress ? std::nullopt : read_group(path, "/sweep");
  if (!stress && !sweep && stored.metrics.metrics().empty())
    throw InputError(path +
                     ": nothing to compare (expected a file written by `clustersim run`, "
                     "`grid`, `sensitivity`, `stress` or `sweep`; calibration files are not "
                     "rerun)");
  // The stored table, which the fresh runs stream past; stress and sweep keep a value a run.
  check_memory(scenario, options, stress || sweep ? 0 : 1);
  const ThreadLimit limit(threads_option(options));
  if (stress) return rerun_stress(path, stored, *stress, show_progress);
  if (sweep) return rerun_sweep(path, stored, *sweep, show_progress);
  if (const auto design = read_design(path))
    return rerun_design(path, stored, *design, show_progress);
  return rerun_table(path, stored, scenario, show_progress);
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
      "Reruns the scenario stored in a results file (run, grid, sensitivity, stress or sweep) "
      "and compares its metrics (and a run's snapshots), or its /stress or /sweep group, bit "
      "for bit; exit 0 when every value matches exactly.");
  if (!parsed) return 0;
  install_interrupt_handlers();
  try {
    return rerun_file((*parsed)["file"].as<std::string>(), *parsed);
  } catch (const Interrupted&) {
    std::cerr << "\nclustersim: interrupted\n";
    return 1;
  }
}

}  // namespace clustersim::app
