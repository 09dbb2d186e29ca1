// The cluster model's random streams (models/random.hpp): every (replication, month,
// agent, purpose) draws from its own stream, so replications and seeds differ, and
// (common random numbers) results do not depend on parameters that act only on later
// draws. Thread-count determinism is in cluster_model_determinism_test.cpp.
#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "models/scenario/scenario_loader.hpp"
#include "support/test_support.hpp"

namespace clustersim {
namespace {

// The tutorial with two replications, so the suite stays fast.
Scenario short_tutorial(const std::vector<std::string>& overrides = {}) {
  std::vector<std::string> all = {"replications=2"};
  all.insert(all.end(), overrides.begin(), overrides.end());
  return load_scenario_file(testing::source_path("scenarios/tutorial.toml"), all);
}

std::size_t series_bytes(const MetricTable& t) {
  return sizeof(double) * std::size_t(t.replications()) * std::size_t(t.columns());
}

double final_value(const MetricTable& t, const std::string& name, int replication = 0) {
  const int m = t.index_of(name);
  EXPECT_GE(m, 0) << name;
  return m < 0 ? 0.0 : t.at(m, replication, t.columns() - 1);
}

TEST(RandomStreams, replications_differ_from_each_other) {
  const MetricTable t = testing::run_model(short_tutorial(), 2);
  const int m = t.index_of("revenue");
  ASSERT_GE(m, 0);
  EXPECT_NE(std::memcmp(t.series(m), t.series(m) + t.columns(), sizeof(double) * t.columns()), 0);
}

TEST(RandomStreams, another_seed_gives_other_results) {
  const MetricTable a = testing::run_model(short_tutorial(), 2);
  const MetricTable b = testing::run_model(short_tutorial({"seed=43"}), 2);
  const int m = a.index_of("revenue");
  EXPECT_NE(std::memcmp(a.series(m), b.series(m), series_bytes(a)), 0);
}

TEST(CommonRandomNumbers, initial_state_does_not_depend_on_later_parameters) {
  const MetricTable base = testing::run_model(short_tutorial(), 2);
  const MetricTable faster =
      testing::run_model(short_tutorial({"parameters.transfer.rate=0.3"}), 2);
  for (int m = 0; m < int(base.metrics().size()); ++m)
    for (int r = 0; r < base.replications(); ++r)
      EXPECT_EQ(std::memcmp(base.series(m) + r * base.columns(),
                            faster.series(m) + r * faster.columns(), sizeof(double)),
                0)
          << base.metrics()[std::size_t(m)].name << " replication " << r;
  // The parameter does act later, so equal initial states are not a trivial outcome.
  EXPECT_NE(final_value(base, "knowledge_mean"), final_value(faster, "knowledge_mean"));
}

// Links act on knowledge through transfer, consortia (pooled profiles, knowledge created
// by joint projects) and adoption through links (issue 10); with all of them off, links
// leave knowledge untouched.
TEST(CommonRandomNumbers, without_transfer_links_do_not_change_knowledge) {
  const std::vector<std::string> off{
      "parameters.transfer.rate=0", "parameters.consortium.pool_share=0",
      "parameters.consortium.knowledge_creation=0", "parameters.adoption.link_rate=0"};
  auto with = [&](std::vector<std::string> extra) {
    extra.insert(extra.end(), off.begin(), off.end());
    return short_tutorial(extra);
  };
  const MetricTable linked = testing::run_model(with({}), 2);
  const MetricTable unlinked = testing::run_model(with({"parameters.partnering.threshold=10"}), 2);
  // Links form in one run and never in the other...
  EXPECT_GT(final_value(linked, "links"), 0.0);
  const int links = unlinked.index_of("links");
  for (int r = 0; r < unlinked.replications(); ++r)
    for (int t = 0; t < unlinked.columns(); ++t) EXPECT_EQ(unlinked.at(links, r, t), 0.0);
  // ...yet knowledge, which moves between firms only through transfer, is the same.
  const int k = linked.index_of("knowledge_mean");
  ASSERT_GE(k, 0);
  EXPECT_EQ(std::memcmp(linked.series(k), unlinked.series(k), series_bytes(linked)), 0);
}

}  // namespace
}  // namespace clustersim
