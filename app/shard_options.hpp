#pragma once
// `--shard I/N` of the experiment commands and what a shard's part records of its
// command (analysis/shard_part.hpp), and the private folder of an MPI worker's output.
#include <optional>
#include <string>
#include <vector>

#include "analysis/shard_part.hpp"
#include "app/options.hpp"
#include "models/scenario/scenario.hpp"

namespace clustersim::app {

// The shard --shard names, or none. Throws InputError on a malformed I/N, or when the
// command cannot be sharded (`refusal` says why; "" when it can).
std::optional<RunShard> shard_option(const po::variables_map& values, const std::string& refusal,
                                     const std::string& synopsis);

// "grid" of "clustersim grid SCENARIO [options]".
std::string command_name(const std::string& synopsis);

// The part's provenance (its plan is set when the command opens its journal). The
// arguments keep everything but --shard, -o/--output, --resume and --force, which merge
// supplies.
ShardProvenance shard_provenance(const RunShard& shard, const Scenario& scenario,
                                 const std::string& command, const std::vector<std::string>& args);

// `args` without the options named: each of `valued` with its value (the next argument,
// after '=' for a long option, or attached to a short one, as in -oFILE), and the `flags`.
std::vector<std::string> without_options(const std::vector<std::string>& args,
                                         const std::vector<std::string>& valued,
                                         const std::vector<std::string>& flags);

// The program that wrote a part: another build may run differently.
std::string program_identity();

// Puts the shard back to none when the command ends.
struct ShardReset {
  ShardReset() = default;
  ShardReset(const ShardReset&) = delete;
  ShardReset& operator=(const ShardReset&) = delete;
  ~ShardReset() { set_run_shard(nullptr); }
};

// A folder of its own in the temporary directory, removed with everything in it (when
// `active`; else nothing).
class PrivateFolder {
 public:
  explicit PrivateFolder(bool active);
  ~PrivateFolder();
  PrivateFolder(const PrivateFolder&) = delete;
  PrivateFolder& operator=(const PrivateFolder&) = delete;
  // `file`'s name inside the folder.
  std::string path_of(const std::string& file) const;

 private:
  std::string path_;
};

}  // namespace clustersim::app
