#pragma once
// The skeleton of the commands that run a design of points over a scenario (`grid`,
// `sensitivity`): each point is the scenario with its keys set to the point's values,
// every point runs the same replications (the same seeds: common random numbers, so
// points differ by their parameters, not by their luck), and the one runner
// (analysis/experiment_runner.hpp) executes the runs with a journal that `--resume`
// continues after any interruption. The results file holds every run's metrics (row
// point x replications + replication) and the /design table (docs/output-format.md).
#include <string>
#include <vector>

#include "analysis/designs.hpp"
#include "app/ensemble_command.hpp"

namespace clustersim::app {

class ExperimentCommand : public EnsembleCommand {
 public:
  using EnsembleCommand::EnsembleCommand;

 protected:
  // The command's design: fills keys_, origins_ and design_ (points x keys, scenario values).
  virtual void add_design_options(po::options_description& options) = 0;
  virtual void plan_design(const po::variables_map& values, const Scenario& base) = 0;
  // Called once per run, in any order, serialised: keep what the analysis needs.
  virtual void keep(int point, int replication, const ReplicationSeries& series) = 0;
  // After every run: the command's own analysis, written to the file.
  virtual void analyse(const EnsembleSession& session) = 0;
  // The command's name in the journal's plan ("grid", "sensitivity").
  virtual std::string kind() const = 0;

  const std::vector<MetricInfo>& metrics() const { return metrics_; }
  int replications() const { return replications_; }

  std::vector<std::string> keys_;
  std::vector<std::string> origins_;  // per key, the option that named it ("--vary K=LO:HI")
  Design design_;
  // The values as typed, when the design lists them (a key that takes integers or names
  // gets its text, not a float); empty: the values of design_ as numbers.
  std::vector<std::vector<std::string>> design_text_;

 private:
  void add_options(po::options_description& options) final;
  void check_shared_runs(const Scenario& base, const Scenario& point, std::size_t p) const;
  Scenario prepare(const po::variables_map& values, const ScenarioSource& source) final;
  void execute(const EnsembleSession& session) final;
  int tables_held() const final { return 0; }  // runs go to the file as they finish
  bool resumable() const final { return true; }

  std::vector<std::string> overrides_of(std::size_t point) const;
  std::string plan_text(const Scenario& base) const;

  ScenarioSource source_;
  std::vector<MetricInfo> metrics_;
  int replications_ = 0;
  std::string plan_;
};

}  // namespace clustersim::app
