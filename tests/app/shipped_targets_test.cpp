// The targets files shipped in scenarios/targets/ (for `clustersim calibrate`, read in
// the README and docs/experiments.md) stay usable as the model changes: each reads
// cleanly, and every target names a metric of the scenario it is for and a window inside
// that scenario's calendar. The scenario begins the file's name: tomsk_history_... is
// for scenarios/tomsk.toml.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "analysis/moments.hpp"
#include "models/cluster_model.hpp"
#include "models/scenario/scenario_loader.hpp"
#include "sim/results_file.hpp"
#include "support/test_support.hpp"

namespace clustersim {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> shipped_targets() {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(testing::source_path("scenarios/targets")))
    if (entry.path().extension() == ".toml") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

// The shipped scenario whose name, then an underscore, begins the targets file's name (the
// longest such: sanctions_2022_history_2019_2021 is for sanctions_2022.toml).
fs::path scenario_for(const fs::path& targets) {
  const std::string stem = targets.stem().string();
  fs::path found;
  for (const auto& entry : fs::directory_iterator(testing::source_path("scenarios"))) {
    const std::string name = entry.path().stem().string();
    if (entry.path().extension() == ".toml" && stem.starts_with(name + "_") &&
        name.size() > found.stem().string().size())
      found = entry.path();
  }
  return found;
}

bool has_metric(const ClusterModel& model, const std::string& name) {
  return std::any_of(model.metrics.begin(), model.metrics.end(),
                     [&](const MetricInfo& info) { return info.name == name; });
}

TEST(ShippedTargets, there_are_targets_to_check) {
  EXPECT_GE(shipped_targets().size(), 2u);
}

TEST(ShippedTargets, each_names_metrics_and_months_of_its_scenario) {
  for (const auto& file : shipped_targets()) {
    SCOPED_TRACE(file.string());
    const auto targets = read_targets(file.string());
    ASSERT_FALSE(targets.empty());
    ASSERT_TRUE(fs::exists(scenario_for(file))) << scenario_for(file);
    const Scenario scenario = load_scenario_file(scenario_for(file).string());
    const ClusterModel model = cluster_model(scenario);
    const auto labels = column_labels(scenario.calendar);
    const std::vector<double> values(labels.size(), 1.0);
    for (const auto& target : targets) {
      SCOPED_TRACE(target.name);
      EXPECT_TRUE(has_metric(model, target.metric)) << target.metric;
      EXPECT_FALSE(target.source.empty());
      // Throws when a month of the window is not a column of the scenario's results.
      EXPECT_NO_THROW(reduce_series(target, labels, values));
    }
  }
}

}  // namespace
}  // namespace clustersim
