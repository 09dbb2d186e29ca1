#pragma once
// The skeleton of the commands that run ensembles of a scenario (`run`, `stress`,
// `sweep`): the common options, loading with overrides, threads, interrupt handling,
// the results file with its provenance header, and for the resumable ones `--resume`
// over a journal of their finished runs. A command supplies only its own options,
// checks, runs and report.
#include <atomic>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "analysis/run_journal.hpp"
#include "analysis/shard_part.hpp"
#include "app/key_range.hpp"
#include "app/options.hpp"
#include "models/cluster_model.hpp"
#include "sim/results_file.hpp"

namespace clustersim::app {

// The scenario a command was given and its overrides (--set, -r, --seed); or, for `rerun`,
// the resolved scenario a results file holds.
struct ScenarioSource {
  std::string path;  // with `text`: where the text came from ("results.h5:/scenario")
  std::vector<std::string> overrides;
  std::optional<std::string> text;  // the scenario's TOML, when not read from `path`

  Scenario load() const;  // with the overrides
  // With the overrides and KEY=VALUE (VALUE as a TOML float, see number_text).
  // With `range.key` at `value`; a refusal names the range's option, not --set.
  Scenario load_with(const KeyRange& range, double value) const;

 private:
  Scenario load_overridden(const std::vector<std::string>& all) const;
};

// Installs the SIGINT and SIGTERM handlers; the options stop a run at the next month
// once one arrives (run_ensemble then throws Interrupted).
RunOptions<World> interruptible_run_options();

// What a command's run works with once its input is checked.
struct EnsembleSession {
  const Scenario& scenario;  // the scenario the header records
  const std::string& output;
  bool quiet;
  ResultsWriter& writer;  // header written; commit is the skeleton's
  const std::atomic<bool>& stop;

  RunOptions<World> run_options() const;  // stops at an interrupt
};

class EnsembleCommand {
 public:
  struct Text {
    std::string synopsis;       // heading of --help, e.g. "clustersim run SCENARIO [options]"
    std::string description;    // what the command does, printed by --help
    std::string output_suffix;  // default results file: the scenario's stem and this
    std::string quiet_help;     // what --quiet leaves out
  };

  explicit EnsembleCommand(Text text) : text_(std::move(text)) {}
  virtual ~EnsembleCommand() = default;
  EnsembleCommand(const EnsembleCommand&) = delete;
  EnsembleCommand& operator=(const EnsembleCommand&) = delete;

  // Parses `args`, checks everything, then runs and writes the results file. Returns
  // the exit code: 0 done (or --help), 1 interrupted (nothing written). Bad input
  // throws InputError before any file is created.
  int main(const std::vector<std::string>& args, const std::string& command_line);

 protected:
  // The command's own options (listed after SCENARIO, before -o and -q).
  virtual void add_options(po::options_description& options) = 0;
  // Reads the command's options and loads what it will run, throwing InputError on bad
  // input; nothing runs and nothing is written yet. Returns the scenario the results
  // header records.
  virtual Scenario prepare(const po::variables_map& values, const ScenarioSource& source) = 0;
  // Runs and writes the command's results to session.writer; may throw Interrupted.
  virtual void execute(const EnsembleSession& session) = 0;
  // After the results file is committed (also with --quiet: warnings go to stderr).
  virtual void report(const EnsembleSession& session) = 0;
  // Right after the commit, before the report: what the results file makes redundant.
  virtual void committed(const EnsembleSession&) {}
  // Said after "interrupted; no results written" (e.g. what was kept to resume).
  virtual std::string interrupted_note() const { return ""; }
  // Whole metric tables the command holds at once, for the memory check: 1 for one
  // ensemble at a time, 0 when it streams to the file (run) or keeps only a few values.
  virtual int tables_held() const { return 1; }

  // true: the command keeps its finished runs in a journal beside the output
  // (analysis/run_journal.hpp), opened by open_journal, and takes --resume; the journal
  // goes once the results are committed, and an interruption says where it is.
  virtual bool resumable() const { return false; }
  // Why `--shard i/N` cannot split this command's runs among independent jobs, or "" when
  // it can (a resumable command whose plan is fixed before any run: its shards' runs are
  // the journal's, and `clustersim merge` replays them with --resume).
  virtual std::string shard_refusal() const {
    return resumable() ? "" : "its runs are not kept in a journal, which merging replays";
  }
  // The journal for `plan`, everything that decides the runs' results (a resumed run must
  // describe itself identically). Refuses, with InputError, a journal left by an
  // interrupted run unless --resume (continue it) or --force (start over).
  RunJournal* open_journal(const std::string& output, const std::string& plan);
  // A worker rank of an MPI job: rank 0 writes every file.
  bool worker() const { return worker_; }
  // The journal's runs are of no use (bad input found while running): removed.
  void discard_journal();

  // The start of a plan: the command and the program (another build may run differently),
  // the replications and the seed.
  static std::string plan_heading(const std::string& kind, const Scenario& scenario);

 private:
  po::options_description describe_options();
  std::string journal_note() const;
  Text text_;
  bool resume_ = false, force_ = false;
  std::unique_ptr<RunJournal> journal_;
  std::unique_ptr<ShardPartWriter> part_;  // with --shard
  bool worker_ = false;                    // a worker rank of an MPI job: rank 0 writes
};

}  // namespace clustersim::app
