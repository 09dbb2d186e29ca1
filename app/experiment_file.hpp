#pragma once
// The /design table of an experiment's results file (`grid`, `sensitivity`), read back
// so that `rerun` can remake every row: row i is point i / replications_per_point at
// replication i % replications_per_point.
#include <optional>
#include <string>
#include <vector>

namespace clustersim::app {

struct StoredDesign {
  std::vector<std::string> keys;
  std::vector<std::vector<std::string>> settings;  // per point, each key's value as --set takes it
  int replications_per_point = 0;
};

// nullopt when the file has no /design (a `run` file). Throws InputError when the table
// is malformed.
std::optional<StoredDesign> read_design(const std::string& path);

}  // namespace clustersim::app
