#include "app/shard_options.hpp"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include <cstdio>
#include <filesystem>

#include "build_info.hpp"
#include "sim/diagnostics.hpp"
#include "sim/results_file.hpp"

namespace clustersim::app {
namespace fs = std::filesystem;

std::optional<RunShard> shard_option(const po::variables_map& values, const std::string& refusal,
                                     const std::string& synopsis) {
  if (!values.count("shard")) return std::nullopt;
  const std::string text = values["shard"].as<std::string>();
  if (!refusal.empty())
    throw InputError("--shard: `clustersim " + command_name(synopsis) +
                     "` cannot be split into shards: " + refusal +
                     "; run it on one machine or under MPI (mpirun -np K clustersim ...)");
  RunShard shard;
  char tail = 0;
  if (std::sscanf(text.c_str(), "%d/%d%c", &shard.index, &shard.count, &tail) != 2 ||
      shard.count < 1 || shard.index < 0 || shard.index >= shard.count)
    throw InputError("--shard " + text +
                     ": expected I/N with N at least 1 and I from 0 to N-1 (e.g. --shard "
                     "$SLURM_ARRAY_TASK_ID/4)");
  return shard;
}

std::string command_name(const std::string& synopsis) {
  const auto start = synopsis.find(' ') + 1;
  return synopsis.substr(start, synopsis.find(' ', start) - start);
}

std::string program_identity() {
  return std::string("clustersim ") + build_info::version + " (" + build_info::git_commit + ", " +
         build_info::build_type + ")";
}

ShardProvenance shard_provenance(const RunShard& shard, const Scenario& scenario,
                                 const std::string& command, const std::vector<std::string>& args) {
  ShardProvenance p;
  p.program = program_identity();
  p.seed = std::to_string(scenario.seed);
  p.index = shard.index;
  p.count = shard.count;
  p.directory = fs::current_path().string();
  p.arguments.push_back(command);
  for (auto& a : without_options(args, {"--shard", "-o", "--output"}, {"--resume", "--force"}))
    p.arguments.push_back(std::move(a));
  return p;
}

std::vector<std::string> without_options(const std::vector<std::string>& args,
                                         const std::vector<std::string>& valued,
                                         const std::vector<std::string>& flags) {
  const auto named = [](const std::string& a, const std::string& option) {
    const bool is_short = !option.starts_with("--");
    return a == option ||
           (is_short ? a.starts_with(option) && !a.starts_with("--") : a.starts_with(option + "="));
  };
  std::vector<std::string> out;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    bool dropped = false;
    for (const auto& option : valued)
      if (named(a, option)) {
        if (a == option) ++i;  // its value is the next argument
        dropped = true;
      }
    if (!dropped && std::find(flags.begin(), flags.end(), a) == flags.end()) out.push_back(a);
  }
  return out;
}

namespace {

constexpr char kPrivatePrefix[] = "clustersim-rank-";

// The folders of ranks ended by MPI_Abort or a kill, which could not remove their own.
void remove_folders_of_ended_processes() {
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(fs::temp_directory_path(), error)) {
    const std::string name = entry.path().filename().string();
    int pid = 0;
    if (!name.starts_with(kPrivatePrefix) ||
        std::sscanf(name.c_str() + sizeof kPrivatePrefix - 1, "%d-", &pid) != 1 || pid <= 0)
      continue;
    if (::kill(pid, 0) != 0 && errno == ESRCH) fs::remove_all(entry.path(), error);
  }
}

}  // namespace

PrivateFolder::PrivateFolder(bool active) {
  if (!active) return;
  remove_folders_of_ended_processes();
  std::string pattern =
      (fs::temp_directory_path() / (kPrivatePrefix + std::to_string(::getpid()) + "-XXXXXX"))
          .string();
  if (!mkdtemp(pattern.data())) throw OutputError("cannot create a folder in " + pattern);
  path_ = pattern;
}

PrivateFolder::~PrivateFolder() {
  if (path_.empty()) return;
  std::error_code ignored;
  fs::remove_all(path_, ignored);
}

std::string PrivateFolder::path_of(const std::string& file) const {
  return (fs::path(path_) / fs::path(file).filename()).string();
}

}  // namespace clustersim::app
