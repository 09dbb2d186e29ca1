// The whole cluster model (models/cluster_model.cpp) over shipped scenarios: state stays
// finite and in range, stylized facts from the model brief (section 7) hold on the Tomsk
// scenario, every file in scenarios/ runs, and the national competition selects 25 of 94.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "models/cluster_model.hpp"
#include "models/model_fixtures.hpp"
#include "models/scenario/scenario_loader.hpp"
#include "support/test_support.hpp"

namespace clustersim {
namespace {

bool finite(double x) {
  return std::isfinite(x);
}

// Every state variable stays finite and in its range over the tutorial scenario
// (four years, two replications), and so does every recorded metric.
TEST(Invariants, tutorial_run_keeps_every_value_finite_and_in_range) {
  auto scenario = load_scenario_file(testing::source_path("scenarios/tutorial.toml"));
  scenario.calendar.end = YearMonth{2023, 12};  // past the event of 2023-01
  const auto model = cluster_model(scenario);
  std::vector<double> row(model.metrics.size());
  for (std::uint32_t replication = 0; replication < 2; ++replication) {
    World world = model.build(replication);
    const auto recorder = model.make_recorder();
    for (int month = 0; month < scenario.calendar.months(); ++month) {
      step_month(model, world);
      const auto& f = world.firms;
      int alive = 0;
      for (int i = 0; i < f.capacity; ++i) {
        const auto n = std::size_t(i);
        // Loops over links stop at slot_end: no link may sit at or above it. It lies within
        // the firm's block, which is at most partner_slots wide.
        ASSERT_LE(f.slot_end(i), f.link_capacity(i)) << "firm " << i;
        ASSERT_LE(f.link_capacity(i), f.partner_slots) << "firm " << i;
        for (int s = f.slot_end(i); s < f.link_capacity(i); ++s)
          ASSERT_EQ(f.partners_of(i)[s], kNoAgent) << "firm " << i << " slot " << s;
        if (!f.alive[n]) continue;
        ++alive;
        SCOPED_TRACE("firm " + std::to_string(i) + " month " + std::to_string(month));
        for (int d = 0; d < f.domains; ++d) {
          ASSERT_GE(f.competence(i, d), 0.0);
          ASSERT_LE(f.competence(i, d), 1.0);
          ASSERT_TRUE(finite(f.knowledge(i, d)));
          ASSERT_GE(f.knowledge(i, d), 0.0);
        }
        ASSERT_GE(f.absorptive[n], 0.0);
        ASSERT_LT(f.absorptive[n], 1.0);
        ASSERT_GE(f.employees[n], 1.0);
        ASSERT_TRUE(finite(f.employees[n]));
        for (double v : {f.cash[n], f.revenue[n], f.wage_bill[n], f.input_costs[n], f.rd_budget[n],
                         f.rd_spent[n], f.productivity[n], f.competitiveness[n]})
          ASSERT_TRUE(finite(v));
        ASSERT_GT(f.productivity[n], 0.0);
        ASSERT_GE(f.rd_budget[n], 0.0);
        ASSERT_GE(f.project_trl[n], 0);
        ASSERT_LE(f.project_trl[n], 9);
        ASSERT_GE(f.project_progress[n], 0.0);
        for (int s = 0; s < f.link_capacity(i); ++s) {
          if (f.partners_of(i)[s] == kNoAgent) continue;
          ASSERT_GE(f.trust_of(i)[s], 0.0);
          ASSERT_LE(f.trust_of(i)[s], 1.0);
        }
      }
      ASSERT_GT(alive, 0);
      recorder(world, row.data());
      for (std::size_t m = 0; m < row.size(); ++m)
        ASSERT_TRUE(finite(row[m])) << model.metrics[m].name << " month " << month;
    }
  }
}

}  // namespace
}  // namespace clustersim

namespace clustersim::testing {
namespace {

// Mean over replications of a metric at the final recorded month.
double final_mean(const MetricTable& table, const std::string& name) {
  const int metric = table.index_of(name);
  EXPECT_GE(metric, 0) << "no metric " << name;
  if (metric < 0) return NAN;
  double sum = 0;
  for (int r = 0; r < table.replications(); ++r) sum += table.at(metric, r, table.columns() - 1);
  return sum / table.replications();
}

// Mean over replications and over every month after the initial column: a stock's
// level over the whole run (for links: link-months of cooperation).
double run_mean(const MetricTable& table, const std::string& name) {
  const int metric = table.index_of(name);
  EXPECT_GE(metric, 0) << "no metric " << name;
  if (metric < 0) return NAN;
  double sum = 0;
  for (int r = 0; r < table.replications(); ++r)
    for (int c = 1; c < table.columns(); ++c) sum += table.at(metric, r, c);
  return sum / (table.replications() * (table.columns() - 1));
}

Scenario tomsk(std::vector<std::string> overrides) {
  return load_scenario_file(source_path("scenarios/tomsk.toml"), overrides);
}

// Removing the competence center lowers cooperation and does not add innovation (brief,
// section 7; issue 10). Means over 8 replications of the full 2013-2020 run. Links: a
// center's introduction is a meeting on top of the firm's own search, and the pair links
// when each finds the other attractive, so the center adds links that search would not
// make, over the whole run (link-months) and at its end, although the run without the
// center ends with a few more firms. (When the introduction was one more candidate in the
// firm's search, it changed whom a firm chose, not whether: end-of-run links did not
// move.) Innovations:
// margin of 2 innovations; with the center the mean is about 30, without it about 7 (checked on
// seeds 1-5).
TEST(ScenarioBehaviour, RemovingCompetenceCenterLowersLinksAndAddsNoInnovations) {
  for (const char* seed : {"seed=11", "seed=12"}) {
    const Scenario with = tomsk({"replications=8", seed});
    ASSERT_EQ(with.centers.at(0).kind, "competence_center");
    Scenario without = tomsk({"replications=8", seed, "centers.0.active=false"});
    ASSERT_FALSE(without.centers.at(0).active);
    const MetricTable a = run_model(with);
    const MetricTable b = run_model(without);
    const double links_with = run_mean(a, "links"), links_without = run_mean(b, "links");
    const double inno_with = final_mean(a, "innovations_total");
    const double inno_without = final_mean(b, "innovations_total");
    EXPECT_LT(links_without, links_with) << seed;  // issue 10: the center strengthens cooperation
    EXPECT_LT(final_mean(b, "links"), final_mean(a, "links")) << seed;
    EXPECT_LE(inno_without, inno_with + 2.0) << seed;
    // Universities broker too; the center's own introductions stop with it.
    const auto center_introductions = [](const MetricTable& t) {
      return run_mean(t, "introductions") - run_mean(t, "university_introductions");
    };
    EXPECT_GT(center_introductions(a), 0.0) << seed;
    EXPECT_NEAR(center_introductions(b), 0.0, 1e-9) << seed;
  }
}

// Mean over replications of innovations_total at the end of the tutorial with overrides.
double tutorial_innovations(std::vector<std::string> overrides) {
  overrides.push_back("replications=16");
  return final_mean(
      run_model(load_scenario_file(source_path("scenarios/tutorial.toml"), overrides)),
      "innovations_total");
}

// Cutting foreign-knowledge access in every domain lowers innovations (issue 10).
TEST(ScenarioBehaviour, ForeignKnowledgeCutLowersInnovations) {
  const double base = tutorial_innovations({});
  const double cut = tutorial_innovations({"policy.foreign_knowledge_access.software=0",
                                           "policy.foreign_knowledge_access.electronics=0",
                                           "policy.foreign_knowledge_access.materials=0"});
  EXPECT_LT(cut, base);
}

// The tutorial's first knob: switching partner transfer off lowers innovations (issue 10).
// Transfer raises the knowledge of the domains a firm's project needs, and a stage's pace
// rises with the knowledge its project draws on (Porter and Stern 2000). 64 replications on
// common random numbers: 11.0 with transfer, 9.2 without (32 gave a difference of only
// -0.9 once firms expanded toward unmet demand, issue 25); with innovation.pace_elasticity
// = 0 it is only -0.45 (5.5 and 5.0), so the margin of one innovation fails without the pace
// rule. (Partners teaching in full in the project's domains adds to it: by the learner's
// strength alone the difference is -1.5; Specialisation tests in learning_test.cpp check
// that rule.)
TEST(ScenarioBehaviour, NoPartnerTransferLowersTutorialInnovations) {
  auto innovations = [](const char* rate) {
    return final_mean(run_model(load_scenario_file(source_path("scenarios/tutorial.toml"),
                                                   {"replications=64", rate})),
                      "innovations_total");
  };
  const double with = innovations("parameters.transfer.rate=0.05");
  const double without = innovations("parameters.transfer.rate=0");
  EXPECT_LT(without, with - 1.0) << with << " with transfer, " << without << " without";
}

// Knowledge stays diverse (issue 10): in Tomsk the mean cognitive distance between
// partners at every year end after the first stays where the inverted-U transfer
// works, above 0.29 x transfer.optimal_distance = 0.10 (0.21-0.24 with seed 21, 0.15-0.19
// before the relational capacity; when unused
// domains fade no faster than used ones it falls below the floor from the third year end
// and ends at 0.05).
TEST(ScenarioBehaviour, TomskPartnerDistanceStaysInTransferRange) {
  const Scenario scenario = tomsk({"replications=4", "seed=21"});
  const MetricTable table = run_model(scenario);
  const int metric = table.index_of("partner_distance_mean");
  ASSERT_GE(metric, 0);
  const double floor = 0.29 * scenario.parameters.transfer_optimal_distance;
  for (int t = 24; t < table.columns(); t += 12) {
    double mean = 0;
    for (int r = 0; r < table.replications(); ++r) mean += table.at(metric, r, t);
    EXPECT_GE(mean / table.replications(), floor) << "column " << t;
  }
}

// Links form across clusters in a multi-cluster scenario (spb_pharma: St Petersburg and
// Leningrad region), with candidates from every cluster and brokerage across them.
TEST(ScenarioBehaviour, MultiClusterScenarioHasLinksAcrossClusters) {
  const MetricTable table =
      run_model(load_scenario_file(source_path("scenarios/spb_pharma.toml"), {"replications=4"}));
  EXPECT_GT(final_mean(table, "cross_cluster_link_share"), 0.0);
  EXPECT_GT(final_mean(table, "links"), 0.0);
}

// R&D networks are small worlds (Tomasello et al. 2017): clustering far above the
// clustering of a random graph of the same density, which equals the density. In the
// Tomsk scenario the ratio is about 24 with seed 21 (about 18 on seeds 1-5 before the
// relational capacity); the test asks for 3, so the margin
// is wide. Means over 4 replications of the final month.
TEST(ScenarioBehaviour, TomskNetworkClusteringFarAboveRandomGraph) {
  const MetricTable table = run_model(tomsk({"replications=4", "seed=21"}));
  const double clustering = final_mean(table, "clustering_coefficient");
  const double density = final_mean(table, "network_density");
  EXPECT_GT(density, 0.0);
  EXPECT_GE(clustering, 3.0 * density);
}

// Every scenario shipped in scenarios/ loads and runs 2 replications of its first
// 12 months with finite metrics. Runs in well under a second per file.
TEST(ScenarioBehaviour, EveryShippedScenarioRunsOneYear) {
  const auto files = scenario_files();
  ASSERT_FALSE(files.empty());
  for (const auto& file : files) {
    SCOPED_TRACE(file);
    try {
      const Scenario scenario = shortened(load_scenario_file(file, {"replications=2"}), 12);
      ASSERT_EQ(scenario.calendar.months(), 12);
      const MetricTable table = run_model(scenario);
      ASSERT_EQ(table.replications(), 2);
      ASSERT_EQ(table.columns(), 13);
      for (int m = 0; m < int(table.metrics().size()); ++m)
        for (int r = 0; r < 2; ++r)
          for (int t = 0; t < table.columns(); ++t)
            ASSERT_TRUE(std::isfinite(table.at(m, r, t)))
                << table.metrics()[std::size_t(m)].name << " replication " << r << " column " << t;
      EXPECT_GT(table.at(table.index_of("firms_alive"), 0, 12), 0.0);
    } catch (const std::exception& error) {
      ADD_FAILURE() << error.what();
    }
  }
}

}  // namespace
// The national scenario reproduces the 2012 competition: 94 applications, 25 selected.
TEST(ScenarioBehaviour, NationalCompetitionSelects25Of94) {
  const Scenario scenario = shortened(
      load_scenario_file(source_path("scenarios/national_pilot_clusters.toml"), {"replications=1"}),
      12);
  EXPECT_EQ(scenario.clusters.size(), 94u);
  const MetricTable table = run_model(scenario);
  const int selected = table.index_of("clusters_selected");
  ASSERT_GE(selected, 0);
  EXPECT_EQ(table.at(selected, 0, 7), 0.0);    // before the call (2012-08)
  EXPECT_EQ(table.at(selected, 0, 12), 25.0);  // after it
}

}  // namespace clustersim::testing
