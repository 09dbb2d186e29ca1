// The rules' former constants (issue 25, item 9) are parameters the rules really read:
// a run of tomsk with one of them moved away from its default writes other results.
// (That the defaults are the old constants, so shipped results did not move, is
// checked in tests/models/scenario/scenario_loader_test.cpp and by rerunning the
// shipped scenarios bit for bit.)
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "models/cluster_model.hpp"
#include "models/scenario/scenario_loader.hpp"
#include "support/test_support.hpp"

namespace clustersim::testing {
namespace {

MetricTable run_tomsk(const std::vector<std::string>& overrides) {
  std::vector<std::string> all{"replications=1", "output.snapshots=[]"};
  all.insert(all.end(), overrides.begin(), overrides.end());
  const Scenario scenario = load_scenario_file(source_path("scenarios/tomsk.toml"), all);
  return run_ensemble(cluster_model(scenario), ensemble_shape(scenario));
}

// Metrics (by name) in which `b` differs from `a` in some month.
std::vector<std::string> differing_metrics(const MetricTable& a, const MetricTable& b) {
  std::vector<std::string> names;
  for (int m = 0; m < int(a.metrics().size()); ++m)
    for (int t = 0; t < a.columns(); ++t)
      if (a.at(m, 0, t) != b.at(m, 0, t)) {
        names.push_back(a.metrics()[std::size_t(m)].name);
        break;
      }
  return names;
}

class FormerConstantActs : public ::testing::TestWithParam<std::string> {};

TEST_P(FormerConstantActs, moving_it_changes_the_results) {
  static const MetricTable reference = run_tomsk({});
  const MetricTable moved = run_tomsk({GetParam()});
  EXPECT_FALSE(differing_metrics(reference, moved).empty())
      << GetParam() << " changed no metric: the rule does not read it";
}

INSTANTIATE_TEST_SUITE_P(Tomsk, FormerConstantActs,
                         ::testing::Values("parameters.innovation.stall_pace=0.5",
                                           "parameters.innovation.recent_memory_months=3",
                                           "parameters.innovation.process_jump_low=-0.01",
                                           "parameters.innovation.process_jump_high=0.6",
                                           "parameters.innovation.process_jump_shape=0.5",
                                           "parameters.partnering.broker_samples=1",
                                           "parameters.demography.spinoff_knowledge_share=1",
                                           "parameters.demography.startup_knowledge_share=1",
                                           "parameters.credit.class_ratio=0.01",
                                           "parameters.production.price_excess_clip=0.05",
                                           "parameters.production.expansion_cap=0.05",
                                           "firms.0.productivity_spread=0",
                                           "firms.0.knowledge_spread=0"));

}  // namespace
}  // namespace clustersim::testing
