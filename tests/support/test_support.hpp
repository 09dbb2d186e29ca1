#pragma once
// Helpers shared by the test programs.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "models/scenario/scenario.hpp"
#include "sim/simulation.hpp"

namespace clustersim::testing {

// Absolute path of a file in the source tree, e.g. source_path("scenarios/tutorial.toml").
std::string source_path(const std::string& relative);
// Path of the built clustersim program.
std::string binary_path();
// A fresh empty folder under the system temporary folder.
std::string temporary_folder(const std::string& name);
// Writes `text` to `path`.
void write_file(const std::string& path, const std::string& text);

// The whole text of a file (empty when it cannot be read).
std::string read_text(const std::string& path);

// Whether `text` contains `part`, with both shown on failure.
::testing::AssertionResult contains(const std::string& text, const std::string& part);

// A small valid scenario as TOML text (two domains, one cluster, a few firms).
std::string minimal_scenario_toml();

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};
// Runs the clustersim program with `arguments` (already shell-quoted) and waits.
CommandResult run_clustersim(const std::string& arguments);

// Every scenario file shipped in scenarios/, sorted by name.
std::vector<std::string> scenario_files();
// The first `months` months of `scenario` (all of it if shorter), dropping events and
// snapshots after the new end (the loader would reject them).
Scenario shortened(Scenario scenario, int months);

// Runs every replication of `scenario` with the cluster model on `threads` threads.
MetricTable run_model(const Scenario& scenario, int threads = 1);

}  // namespace clustersim::testing
