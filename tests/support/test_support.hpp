#pragma once
// Helpers shared by the test programs of the model, analyses and program (support/files.hpp
// has those the engine's tests use too).
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "models/scenario/scenario.hpp"
#include "sim/simulation.hpp"
#include "support/files.hpp"

namespace clustersim::testing {

// Path of the built clustersim program.
std::string binary_path();

// A small valid scenario as TOML text (two domains, one cluster, a few firms).
std::string minimal_scenario_toml();

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};
// Runs the clustersim program with `arguments` (already shell-quoted) and waits.
CommandResult run_clustersim(const std::string& arguments);
// Starts clustersim with `arguments` in the background and kills it with SIGKILL once the
// run journal `journal` (analysis/run_journal.hpp) holds `runs` finished runs, or after
// 30 s; the output ends with "killed".
CommandResult run_clustersim_killed_after(const std::string& arguments, const std::string& journal,
                                          int runs);
// The finished runs a run journal holds (0 when it does not exist).
int runs_kept(const std::string& journal);

// Every dataset and attribute of `group` and its subgroups in the HDF5 file `path`, by name
// (a subgroup's with its path from `group`): numbers as the
// bytes of their values as doubles (so two NaNs are equal, and any other change is not),
// strings as their text. Two groups with equal maps hold the same results bit for bit.
std::map<std::string, std::string> group_contents(const std::string& path,
                                                  const std::string& group);

// The first `months` months of `scenario` (all of it if shorter), dropping events and
// snapshots after the new end (the loader would reject them).
Scenario shortened(Scenario scenario, int months);

// Runs every replication of `scenario` with the cluster model on `threads` threads.
MetricTable run_model(const Scenario& scenario, int threads = 1);

}  // namespace clustersim::testing
