#pragma once
// Helpers shared by the test programs of the model, analyses and program (support/files.hpp
// has those the engine's tests use too).
#include <gtest/gtest.h>

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

// The first `months` months of `scenario` (all of it if shorter), dropping events and
// snapshots after the new end (the loader would reject them).
Scenario shortened(Scenario scenario, int months);

// Runs every replication of `scenario` with the cluster model on `threads` threads.
MetricTable run_model(const Scenario& scenario, int threads = 1);

}  // namespace clustersim::testing
