#include "app/ensemble_command.hpp"

#include <iostream>
#include <sstream>

#include "app/key_range.hpp"
#include "app/memory_limit.hpp"
#include "app/shard_options.hpp"
#include "build_info.hpp"
#include "models/run_results.hpp"
#include "models/scenario/scenario_loader.hpp"
#include "sim/interrupt.hpp"

namespace clustersim::app {

Scenario ScenarioSource::load() const {
  return load_overridden(overrides);
}

Scenario ScenarioSource::load_with(const KeyRange& range, double value) const {
  auto changed = overrides;
  changed.push_back(range.key + "=" + number_text(value));
  try {
    return load_overridden(changed);
  } catch (const InputError& error) {
    rethrow_naming_options(error, {{changed.back(), range.origin}});
  }
}

Scenario ScenarioSource::load_overridden(const std::vector<std::string>& all) const {
  return text ? load_scenario_text(*text, path, all) : load_scenario_file(path, all);
}

RunOptions<World> interruptible_run_options() {
  install_interrupt_handlers();
  RunOptions<World> run;
  run.stop = &interrupt_flag();
  return run;
}

RunOptions<World> EnsembleSession::run_options() const {
  RunOptions<World> run;
  run.stop = &stop;
  return run;
}

po::options_description EnsembleCommand::describe_options() {
  po::options_description options(text_.synopsis);
  options.add_options()("help,h", "show this help")(
      "scenario", po::value<std::string>()->required(), "scenario file (TOML)");
  add_options(options);
  if (resumable())
    options.add_options()("resume",
                          "continue an interrupted experiment: keep its finished runs (kept in "
                          ".OUTPUT.runs beside the output) and run only the rest");
  options.add_options()("shard", po::value<std::string>(),
                        "I/N: make only share I (0..N-1) of the runs and write them to a part "
                        "file (-o; default SCENARIO name with the suffix and .partIofN); "
                        "`clustersim merge` joins the N parts (docs/scaling.md)");
  const std::string output_help =
      "results file (default: SCENARIO name with " + text_.output_suffix + ")";
  options.add_options()("output,o", po::value<std::string>(), output_help.c_str())(
      "force", "replace an existing results file (never the scenario itself)")(
      "quiet,q", text_.quiet_help.c_str());
  add_ensemble_options(options);
  add_memory_option(options);
  return options;
}

int EnsembleCommand::main(const std::vector<std::string>& args, const std::string& command_line) {
  const po::options_description options = describe_options();
  po::positional_options_description positional;
  positional.add("scenario", 1);
  const auto parsed = parse_options(args, options, positional, text_.description);
  if (!parsed) return 0;
  const auto& values = *parsed;
  resume_ = values.count("resume") > 0;
  force_ = values.count("force") > 0;

  // A signal from here on sets the flag instead of killing the process, so the lock and
  // the temporary file are always removed.
  install_interrupt_handlers();
  // Everything is checked before any simulation runs or any file is created: the output
  // first (a path, not an input, not existing unless --force, no other run writing it).
  const ScenarioSource source{values["scenario"].as<std::string>(), scenario_overrides(values),
                              std::nullopt};
  const std::optional<RunShard> shard = shard_option(values, shard_refusal(), text_.synopsis);
  const std::string output =
      output_path(values, source.path,
                  shard ? text_.output_suffix + ".part" + std::to_string(shard->index) + "of" +
                              std::to_string(shard->count)
                        : text_.output_suffix);
  worker_ = run_distributor() && !run_distributor()->coordinator();
  // A worker rank writes nothing of its own: its file (the command's code path is the
  // same on every rank) goes to a private folder removed at the end.
  const PrivateFolder private_folder(worker_);
  const std::string written = worker_ ? private_folder.path_of(output) : output;
  const int threads = threads_option(values);
  const OutputLock lock(written);
  remove_stale_temporaries(written);
  const Scenario scenario = prepare(values, source);
  RunShard installed_shard;
  if (shard && !worker_) {
    part_ = std::make_unique<ShardPartWriter>(
        output, shard_provenance(*shard, scenario, command_name(text_.synopsis), args));
    installed_shard = *shard;
    installed_shard.sink = part_.get();
    set_run_shard(&installed_shard);
  }
  const ShardReset reset_shard;
  check_memory(scenario, values, tables_held());  // before any world or table is allocated

  const ThreadLimit limit(threads);
  ResultsWriter writer(written, values.count("force") > 0 || worker_);
  write_run_header(writer, scenario, command_line, limit.threads());
  const EnsembleSession session{scenario, written, values.count("quiet") > 0, writer,
                                interrupt_flag()};
  // This thread's own loops (writing, the final rename) watch the flag too; the engine's
  // replications open scopes of their own.
  const StopScope scope(&interrupt_flag());
  try {
    execute(session);
    writer.commit();
  } catch (const WorkerDone&) {
    return 0;  // rank 0 writes the results
  } catch (const ShardWritten& part) {
    if (journal_) journal_->remove();  // the part holds the shard's runs now
    if (!session.quiet)
      std::cout << "\nshard " << shard->index << "/" << shard->count << ": " << part.runs
                << " runs written to " << output << " (clustersim merge joins the parts)\n";
    return 0;
  } catch (const RunFailedOnRank& error) {
    std::cerr << "clustersim: error: " << error.what() << journal_note() << "\n";
    return 1;
  } catch (const Interrupted&) {
    std::cerr << "\nclustersim: interrupted; no results written (" << output
              << " was not created or changed)" << journal_note() << interrupted_note() << "\n";
    return 1;
  }
  if (journal_) journal_->remove();  // the results file holds every run now
  committed(session);
  report(session);
  return 0;
}

RunJournal* EnsembleCommand::open_journal(const std::string& output, const std::string& plan) {
  if (worker_) return nullptr;  // rank 0 keeps the journal
  if (part_) part_->set_plan(plan);
  journal_ = std::make_unique<RunJournal>(RunJournal::folder_for(output), plan, resume_, force_);
  return journal_.get();
}

void EnsembleCommand::discard_journal() {
  if (journal_) journal_->remove();
  journal_.reset();
}

std::string EnsembleCommand::plan_heading(const std::string& kind, const Scenario& scenario) {
  std::ostringstream text;
  text << "clustersim " << kind << " (program " << build_info::git_commit << ")\n";
  text << "replications " << scenario.replications << " seed " << scenario.seed << "\n";
  return text.str();
}

std::string EnsembleCommand::journal_note() const {
  if (!journal_) return "";
  return "; the runs that finished are kept in " + journal_->folder() +
         ": the same command with --resume runs only the rest";
}

}  // namespace clustersim::app
