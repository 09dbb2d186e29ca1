// `clustersim run`: runs a scenario's ensemble and writes its metrics and snapshots.
#include <iostream>

#include "analysis/experiment_runner.hpp"
#include "analysis/run_distribution.hpp"
#include "app/commands.hpp"
#include "app/ensemble_command.hpp"
#include "app/report.hpp"
#include "models/run_results.hpp"
#include "models/snapshot.hpp"
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
    if (run_distributor()) return execute_on_ranks(session);
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
  // one as run_ensemble makes it) and rank 0 writes their metrics as they arrive.
  void execute_on_ranks(const EnsembleSession& session) {
    const Scenario& scenario = session.scenario;
    if (!scenario.output.snapshots.empty())
      throw InputError(
          "run under MPI writes metrics only, and the scenario asks for snapshots (output."
          "snapshots); expected --set 'output.snapshots=[]', or the run in one process");
    ProgressBar progress(!session.quiet);
    ExperimentCallbacks callbacks;
    callbacks.run = [&](int, int r) { return run_replication(scenario, r, &session.stop); };
    callbacks.finished = [&](int, int r, const ReplicationSeries& series) {
      session.writer.write_replication(r, series);
      for (int m = 0; m < series.metrics(); ++m)
        final_month_.at(m, r, 0) = series.at(m, series.columns() - 1);
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
