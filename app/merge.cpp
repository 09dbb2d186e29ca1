// `clustersim merge PART... -o FILE`: joins the part files of an experiment run in shards
// (`--shard I/N`, e.g. the tasks of a Slurm job array) into the file the whole experiment
// writes. The parts' runs become the journal of FILE and the shards' command is replayed
// with --resume: every run is read back, none is made, and the command's own analysis and
// writing make FILE, so it equals a one-process run's (the journal's promise).
#include <filesystem>
#include <iostream>
#include <map>

#include "analysis/run_journal.hpp"
#include "analysis/shard_part.hpp"
#include "app/command_table.hpp"
#include "app/commands.hpp"
#include "app/options.hpp"
#include "app/shard_options.hpp"
#include "sim/diagnostics.hpp"
#include "sim/output_path.hpp"

namespace clustersim::app {
namespace {

namespace fs = std::filesystem;

// A part's arguments without those that only say how it ran, not what: threads, progress
// output and the memory limit (shards on different machines may differ in them).
std::vector<std::string> deciding_arguments(const std::vector<std::string>& arguments) {
  return without_options(arguments, {"--threads", "--max-memory"}, {"-q", "--quiet"});
}

std::string joined(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

// Every part of one experiment by one program, each shard of 0..N-1 exactly once.
void check_parts(const std::vector<std::string>& paths, const std::vector<ShardPart>& parts) {
  const ShardProvenance& first = parts.front().provenance;
  if (first.program != program_identity())
    throw InputError(paths.front() + ": written by " + first.program + ", but this is " +
                     program_identity() +
                     " (expected the program that ran the shards: another build may run "
                     "differently)");
  std::map<int, std::string> shards;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const ShardProvenance& p = parts[i].provenance;
    const std::string against =
        " (expected the parts of one experiment: " + paths.front() + " " + "is of another";
    if (p.program != first.program)
      throw InputError(paths[i] + ": written by " + p.program + ", " + paths.front() + " by " +
                       first.program + against + " program)");
    if (p.seed != first.seed)
      throw InputError(paths[i] + ": seed " + p.seed + ", " + paths.front() + ": seed " +
                       first.seed + against + " seed)");
    if (p.count != first.count)
      throw InputError(paths[i] + ": shard " + std::to_string(p.index) + "/" +
                       std::to_string(p.count) + ", " + paths.front() + ": one of " +
                       std::to_string(first.count) + against + " number of shards)");
    if (p.plan != first.plan)
      throw InputError(paths[i] + ": another experiment than " + paths.front() +
                       " (its command, scenario or design differs; expected the parts of one "
                       "experiment)");
    const auto mine = deciding_arguments(p.arguments), theirs = deciding_arguments(first.arguments);
    if (mine != theirs)
      throw InputError(paths[i] + ": another experiment than " + paths.front() +
                       " (its command differs: `" + joined(mine) + "` against `" + joined(theirs) +
                       "`; expected the same command but for --shard, -o, --threads, -q and "
                       "--max-memory)");
    const auto [it, fresh] = shards.emplace(p.index, paths[i]);
    if (!fresh)
      throw InputError("shard " + std::to_string(p.index) + "/" + std::to_string(p.count) +
                       " given twice: " + it->second + " and " + paths[i] +
                       " (expected each shard once)");
  }
  std::string missing;
  for (int k = 0; k < first.count; ++k)
    if (!shards.count(k)) missing += (missing.empty() ? "" : ", ") + std::to_string(k);
  if (!missing.empty())
    throw InputError("merge: shard(s) " + missing + " of " + std::to_string(first.count) +
                     " missing (expected the parts of every shard 0.." +
                     std::to_string(first.count - 1) + ")");
}

}  // namespace

int merge_command(const std::vector<std::string>& args) {
  po::options_description options("clustersim merge PART... -o FILE [options]");
  options.add_options()("help,h", "show this help")(
      "part", po::value<std::vector<std::string>>()->required(),
      "part files written by the shards (--shard I/N), every shard once")(
      "output,o", po::value<std::string>()->required(),
      "the results file the whole experiment writes")("force", "replace an existing results file");
  po::positional_options_description positional;
  positional.add("part", -1);
  const auto parsed = parse_options(
      args, options, positional,
      "Joins the part files of an experiment run in shards (`--shard I/N` on grid, "
      "sensitivity or sweep, e.g. the tasks of a job array) into the results file the whole "
      "experiment writes, with identical metrics. Refuses parts of different experiments, "
      "programs or seeds, and missing or repeated shards.");
  if (!parsed) return 0;
  const auto& values = *parsed;
  const auto paths = values["part"].as<std::vector<std::string>>();
  const bool force = values.count("force") > 0;
  const std::string output = fs::absolute(values["output"].as<std::string>()).string();
  // The check every command makes of its output: never a part, not replaced without --force.
  check_output_path(values["output"].as<std::string>(), paths, force, "-o/--output");
  std::vector<ShardPart> parts;
  for (const auto& path : paths) parts.push_back(read_shard_part(path));
  check_parts(paths, parts);

  const ShardProvenance& first = parts.front().provenance;
  RunJournal journal(RunJournal::folder_for(output), first.plan, false, force);
  for (const auto& part : parts)
    for (const auto& run : part.runs) journal.save(run.variant, run.replication, run.series);
  // The shards' relative paths (the scenario) are the shards' directory's.
  std::error_code error;
  if (fs::is_directory(first.directory, error)) fs::current_path(first.directory, error);
  std::vector<std::string> command = first.arguments;
  command.insert(command.end(), {"-o", output, "--resume"});
  if (force) command.push_back("--force");
  std::string line = "clustersim";
  for (const auto& a : command) line += " " + a;
  int code = 1;
  try {
    code = dispatch(command, line);
  } catch (...) {
    journal.remove();  // the parts still hold every run
    throw;
  }
  if (code != 0) journal.remove();
  return code;
}

}  // namespace clustersim::app
