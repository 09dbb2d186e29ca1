#pragma once
// Command-line parsing shared by the subcommands (Boost.Program_options).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <tbb/global_control.h>
#include <boost/program_options.hpp>

namespace clustersim::app {

namespace po = boost::program_options;

// Parses `args` (without the program and command names). Prints help and returns
// nullopt for --help; throws InputError for unknown or malformed options.
std::optional<po::variables_map> parse_options(const std::vector<std::string>& args,
                                               const po::options_description& options,
                                               const po::positional_options_description& positional,
                                               const std::string& usage);

// Options of every command that runs an ensemble: -r, --seed, --threads, --set.
void add_ensemble_options(po::options_description& options);

// The scenario overrides a command was given: every --set, then -r and --seed as
// overrides of `replications` and `seed` (so the resolved scenario records them).
std::vector<std::string> scenario_overrides(const po::variables_map& values);

// --seed as typed: an integer 0 .. 2^64 - 1 (Boost would wrap "-1" around).
std::uint64_t seed_option(const std::string& text);
// --threads: 0 (all cores) or more; negative is bad input.
int threads_option(const po::variables_map& values);

// The results path: --output, or the scenario file's stem plus `suffix` in the current
// folder, checked by check_output_path (sim/results_file.hpp) against the scenario file
// and --force. Throws InputError.
std::string output_path(const po::variables_map& values, const std::string& scenario_path,
                        const std::string& suffix);

// For an unknown name: `did you mean "NEAR"?` when one of `candidates` is a likely
// misspelling of `word` (a few letters apart), else "".
std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates);

// Limits oneTBB to `threads` worker threads (0: all cores) while the object lives.
// Neither copyable nor movable: the limit belongs to one scope.
class ThreadLimit {
 public:
  explicit ThreadLimit(int threads);
  ThreadLimit(const ThreadLimit&) = delete;
  ThreadLimit& operator=(const ThreadLimit&) = delete;
  int threads() const { return threads_; }

 private:
  int threads_;
  std::optional<tbb::global_control> control_;
};

}  // namespace clustersim::app
