// The shared metric lookup (app/metric_lookup.hpp): one error message for `stress
// --metric`, `sweep --metric` and `compare --metrics`.
#include "app/metric_lookup.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "sim/diagnostics.hpp"
#include "support/test_support.hpp"

namespace clustersim {
namespace {

using testing::contains;

const std::vector<MetricInfo> kMetrics = {{"links", "links", "", MetricKind::stock},
                                          {"firms_alive", "firms", "", MetricKind::stock},
                                          {"knowledge_mean", "index", "", MetricKind::stock}};

std::string lookup_error(const std::string& name, const std::string& option = "--metric") {
  try {
    app::metric_index(kMetrics, name, option);
  } catch (const InputError& error) {
    return error.what();
  }
  return "";
}

TEST(MetricLookup, finds_metrics_by_name) {
  EXPECT_EQ(app::find_metric(kMetrics, "links"), 0);
  EXPECT_EQ(app::find_metric(kMetrics, "absent"), -1);
  EXPECT_EQ(app::metric_index(kMetrics, "knowledge_mean"), 2);
}

TEST(MetricLookup, unknown_metric_lists_the_known_ones_sorted) {
  EXPECT_TRUE(contains(lookup_error("no_such_metric"),
                       "--metric no_such_metric: unknown metric (expected one of firms_alive, "
                       "knowledge_mean, links)"));
  EXPECT_TRUE(contains(lookup_error("no_such_metric", "--metrics"),
                       "--metrics no_such_metric: unknown metric (expected one of"));
}

TEST(MetricLookup, misspelled_metric_gets_a_suggestion) {
  EXPECT_TRUE(contains(lookup_error("firms_alve"),
                       "--metric firms_alve: unknown metric (did you mean \"firms_alive\"?)"));
}

// A word of several names is too far from each for a suggestion: the names holding it
// are listed, not every metric.
TEST(MetricLookup, a_word_of_several_names_lists_the_names_holding_it) {
  const std::vector<MetricInfo> metrics = {{"innovations_total", "count", "", MetricKind::flow},
                                           {"joint_innovations", "count", "", MetricKind::flow},
                                           {"links", "links", "", MetricKind::stock}};
  std::string message;
  try {
    app::metric_index(metrics, "innovations");
  } catch (const InputError& error) {
    message = error.what();
  }
  EXPECT_TRUE(contains(message,
                       "--metric innovations: unknown metric (did you mean one of "
                       "innovations_total, joint_innovations? 3 metrics in all, listed in "
                       "docs/model.md, section Observation)"));
  // Close by spelling to one name, a word of two still names both.
  const std::vector<MetricInfo> knowledge = {{"knowledge_mean", "index", "", MetricKind::stock},
                                             {"knowledge_sd", "index", "", MetricKind::stock}};
  try {
    app::metric_index(knowledge, "knowledge");
  } catch (const InputError& error) {
    message = error.what();
  }
  EXPECT_TRUE(contains(message, "did you mean one of knowledge_mean, knowledge_sd?")) << message;
  // A word of one name names that one.
  try {
    app::metric_index(metrics, "link");
  } catch (const InputError& error) {
    message = error.what();
  }
  EXPECT_TRUE(contains(message, "--metric link: unknown metric (did you mean \"links\"?)"))
      << message;
}

// The text after "OPTION NAME: " in the program's output for a bad metric name.
std::string message_after(const std::string& output, const std::string& prefix) {
  const auto at = output.find(prefix);
  if (at == std::string::npos) return "(no \"" + prefix + "\" in: " + output + ")";
  const auto end = output.find('\n', at);
  return output.substr(at + prefix.size(), end - at - prefix.size());
}

TEST(MetricLookupCli, stress_sweep_and_compare_give_the_same_message) {
  const auto folder = testing::temporary_folder("metric-lookup");
  const std::string tutorial = testing::source_path("scenarios/tutorial.toml") +
                               " --set replications=2 --set calendar.end=2023-06"
                               " --set 'output.snapshots=[\"2022-12\"]'";
  const std::string a = folder + "/a.h5", b = folder + "/b.h5";
  ASSERT_EQ(testing::run_clustersim("run " + tutorial + " -q -o " + a).exit_code, 0);
  ASSERT_EQ(testing::run_clustersim("run " + tutorial + " -q --seed 7 -o " + b).exit_code, 0);
  for (const std::string name : {"no_such_metric", "firms_alve"}) {
    const auto stress = testing::run_clustersim(
        "stress " + tutorial + " --shock parameters.production.wage=0.05:0.5 --threshold 40" +
        " --metric " + name + " -o " + folder + "/x.h5");
    const auto sweep = testing::run_clustersim("sweep " + tutorial +
                                               " --vary parameters.transfer.rate=0:0.1 --metric " +
                                               name + " -o " + folder + "/x.h5");
    const auto compare = testing::run_clustersim("compare " + a + " " + b + " --metrics " + name);
    EXPECT_EQ(stress.exit_code, 2) << stress.output;
    EXPECT_EQ(sweep.exit_code, 2) << sweep.output;
    EXPECT_EQ(compare.exit_code, 2) << compare.output;
    const auto expected = message_after(stress.output, "--metric " + name + ": ");
    EXPECT_TRUE(contains(expected, "unknown metric ("));
    EXPECT_EQ(message_after(sweep.output, "--metric " + name + ": "), expected);
    EXPECT_EQ(message_after(compare.output, "--metrics " + name + ": "), expected);
  }
  EXPECT_FALSE(std::filesystem::exists(folder + "/x.h5"));
  std::filesystem::remove_all(folder);
}

}  // namespace
}  // namespace clustersim
