// `clustersim run`: runs a scenario's ensemble and writes its metrics and snapshots.
#include <iostream>
#include <map>
#include <mutex>

#include "analysis/experiment_runner.hpp"
#include "analysis/run_distribution.hpp"
#include "app/commands.hpp"
#include "app/ensemble_command.hpp"
#include "app/report.hpp"
#include "models/run_results.hpp"
#include "models/snapshot.hpp"
#include "sim/dataset_bytes.hpp"
#include "sim/diagnostics.hpp"
#include "sim/ordered_queue.hpp"
#include "sim/progress.hpp"

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

class RunCommand final : public EnsembleCommand {
 public:
  RunCommand()
      : EnsembleCommand({"clustersim run SCENARIO [options]",
                         "Runs a scenario on the parallel engine and writes HDF5 results.", ".h5",
                         "no progress bar, no table"}) {}

 protected:
  void add_options(po::options_description&) override {}

  Scenario prepare(const po::variables_map&, const ScenarioSource& source) override {
    return source.load();
  }

  void execute(const EnsembleSession& session) override {
    const Scenario& scenario = session.scenario;
    if (run_distributor()) return execute_on_ranks(session);
    const auto labels = column_labels(scenario.calendar);
    ProgressBar progress(!session.quiet);
    RunOptions<World> run = session.run_options();
    run.on_progress = [&](long done, long total) { progress.update(done, total); };
    // Snapshots are written in replication order whatever order replications finish in,
    // so the file does not depend on the thread count.
    ReplicationOrderedQueue<std::pair<std::string, DatasetGroup>> snapshots(
        scenario.replications, [&](int r, const std::pair<std::string, DatasetGroup>& item) {
          session.writer.write_group(snapshot_group(item.first, r), item.second);
        });
    run.on_record = [&](const World& world, int r, int t) {
      if (is_snapshot_month(scenario, world, t))
        snapshots.push(r, {labels[std::size_t(t)], capture_snapshot(world)});
    };
    // Each replication's metrics go to the file as it finishes; only the final month
    // stays in memory, for the summary table.
    const auto model = cluster_model(scenario);
    const EnsembleShape shape = ensemble_shape(scenario);
    final_month_ = MetricTable(model.metrics, shape.replications, 1);
    session.writer.begin_metrics(model.metrics, shape.replications, shape.months + 1,
                                 scenario.output.compression);
    run.keep_table = false;
    run.on_replication_done = [&](int r, const ReplicationSeries& series) {
      session.writer.write_replication(r, series);
      for (int m = 0; m < series.metrics(); ++m)
        final_month_.at(m, r, 0) = series.at(m, series.columns() - 1);
      snapshots.finish(r);
    };
    run_ensemble(model, shape, run);
  }

  // Under MPI: the replications are spread over the ranks by the experiments runner (each
  // one as run_ensemble makes it); a worker sends each replication's snapshots with its
  // metrics, and rank 0 writes both as they arrive, the snapshots in replication order as
  // in one process.
  void execute_on_ranks(const EnsembleSession& session) {
    const Scenario& scenario = session.scenario;
    const auto labels = column_labels(scenario.calendar);
    const auto model = cluster_model(scenario);
    final_month_ = MetricTable(model.metrics, scenario.replications, 1);
    session.writer.begin_metrics(model.metrics, scenario.replications,
                                 scenario.calendar.months() + 1, scenario.output.compression);
    ProgressBar progress(!session.quiet);
    ReplicationOrderedQueue<std::pair<std::string, DatasetGroup>> snapshots(
        scenario.replications, [&](int r, const std::pair<std::string, DatasetGroup>& item) {
          session.writer.write_group(snapshot_group(item.first, r), item.second);
        });
    std::mutex taken_mutex;
    std::map<int, DatasetGroup> taken;  // by replication, on the rank that made it
    ExperimentCallbacks callbacks;
    callbacks.run = [&](int, int r) {
      DatasetGroup mine;  // one child per snapshot month, named by its label
      ReplicationSeries kept(0, 0);
      RunOptions<World> run = session.run_options();
      run.keep_table = false;
      run.on_record = [&](const World& world, int, int t) {
        if (is_snapshot_month(scenario, world, t))
          mine.children.emplace_back(labels[std::size_t(t)], capture_snapshot(world));
      };
      run.on_replication_done = [&](int, const ReplicationSeries& series) { kept = series; };
      run_ensemble(model, {1, scenario.calendar.months(), r}, run);
      const std::lock_guard lock(taken_mutex);
      taken[r] = std::move(mine);
      return kept;
    };
    callbacks.attachment = [&](int, int r) {
      const std::lock_guard lock(taken_mutex);
      const std::string bytes = group_to_bytes(taken[r]);
      taken.erase(r);
      return bytes;
    };
    callbacks.attached = [&](int, int r, const std::string& bytes) {
      for (auto& child : group_from_bytes(bytes).children)
        snapshots.push(r, {child.name, std::move(child.group)});
    };
    callbacks.finished = [&](int, int r, const ReplicationSeries& series) {
      session.writer.write_replication(r, series);
      for (int m = 0; m < series.metrics(); ++m)
        final_month_.at(m, r, 0) = series.at(m, series.columns() - 1);
      snapshots.finish(r);
    };
    callbacks.progress = [&](long done, long total) { progress.update(done, total); };
    run_experiment({1, scenario.replications}, nullptr, callbacks, &session.stop);
  }

  int tables_held() const override { return 0; }

  void report(const EnsembleSession& session) override {
    if (session.quiet) return;
    const Scenario& scenario = session.scenario;
    std::cout << "scenario " << scenario.name << ": " << scenario.replications << " replications, "
              << scenario.calendar.months() << " months, written to " << session.output << "\n\n";
    print_final_table(std::cout, final_month_, kHeadline);
  }

 private:
  MetricTable final_month_;  // every metric's last column, one per replication
};

}  // namespace

int run_command(const std::vector<std::string>& args, const std::string& command_line) {
  return RunCommand().main(args, command_line);
}

}  // namespace clustersim::app
