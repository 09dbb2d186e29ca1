// Sessions of `clustersim serve`: idle ones close and their tabs are told why, the
// memory all tabs hold is bounded by --max-memory, a rejected input leaves no earlier run
// on show, levers the scenario overrides say so, and bands stay in a metric's range.
#include <algorithm>
#include <thread>

#include "models/cluster_model.hpp"
#include "models/memory_estimate.hpp"
#include "models/scenario/scenario_loader.hpp"
#include "serve_fixture.hpp"

namespace clustersim::testing {
namespace {

using namespace std::chrono_literals;

TEST_F(ServeTest, IdleSessionsCloseAndTheirTabIsToldWhy) {
  start({}, [](app::ServeConfig& config) { config.session_idle = 1s; });
  const std::string id = tutorial_session();
  EXPECT_EQ(get("/api/state?session=" + id).first, 200);
  std::this_thread::sleep_for(1500ms);
  const auto [status, reply] = get("/api/state?session=" + id);
  EXPECT_EQ(status, 410);
  EXPECT_EQ(reply["session_ended"], true);
  EXPECT_TRUE(contains(reply["error"], "no request came from it for 1 s"));
  EXPECT_EQ(server_->app().session_count(), 0u);
  EXPECT_EQ(server_->app().memory().held(), 0u);  // its ensemble was freed
}

TEST_F(ServeTest, ARunningSessionIsNotClosedForIdleness) {
  start({}, [](app::ServeConfig& config) { config.session_idle = 1s; });
  // A run of several seconds: 8,000 firm slots, 40 replications.
  const std::string id = new_session();
  const auto configured = post("/api/configure", {{"session", id},
                                                  {"scenario", "tutorial.toml"},
                                                  {"replications", 40},
                                                  {"sets", {"firms.1.count=4000"}}});
  ASSERT_EQ(configured.first, 200) << configured.second.dump();
  ASSERT_EQ(post("/api/run", {{"session", id}}).first, 200);
  std::this_thread::sleep_for(1500ms);
  server_->app().close_idle_sessions();
  const auto [status, reply] = get("/api/state?session=" + id);
  EXPECT_EQ(status, 200) << reply.dump();
  EXPECT_EQ(reply.value("status", ""), "running") << "the run ended first: the test shows nothing";
  post("/api/cancel", {{"session", id}});
}

TEST_F(ServeTest, TheLeastRecentlyUsedTabIsClosedAndToldSo) {
  start({}, [](app::ServeConfig& config) { config.max_sessions = 2; });
  const std::string oldest = new_session(), kept = new_session();
  std::this_thread::sleep_for(5ms);
  EXPECT_EQ(get("/api/state?session=" + kept).first, 200);
  new_session();
  const auto [status, reply] = get("/api/state?session=" + oldest);
  EXPECT_EQ(status, 410);
  EXPECT_TRUE(contains(reply["error"], "at most 2 tabs"));
  EXPECT_EQ(get("/api/state?session=" + kept).first, 200);
}

// The memory estimate of the tutorial as the fixture loads it (stepped: every world at
// once, and its table).
std::uint64_t tutorial_memory(int replications) {
  Scenario scenario =
      load_scenario_file(source_path("scenarios/tutorial.toml"),
                         {"calendar.end=2023-06", "output.snapshots=[\"2022-12\"]",
                          "replications=" + std::to_string(replications), "seed=7"});
  return estimate_memory(scenario, replications, 1).total_bytes;
}

TEST_F(ServeTest, ARunAboveTheMemoryLimitIsRefused) {
  start({.max_memory = tutorial_memory(2) / 2});
  const auto [status, reply] = post(
      "/api/configure", {{"session", new_session()},
                         {"scenario", "tutorial.toml"},
                         {"replications", 2},
                         {"sets", {"calendar.end=2023-06", "output.snapshots=[\"2022-12\"]"}}});
  EXPECT_EQ(status, 400);
  EXPECT_TRUE(contains(reply["error"], "memory: this run (2 replications stepped together) needs"));
  EXPECT_TRUE(contains(reply["error"], "above the server's limit"));
}

TEST_F(ServeTest, AllTabsTogetherStayWithinTheMemoryLimit) {
  const std::uint64_t one = tutorial_memory(2);
  start({.max_memory = one * 3 / 2});
  const std::string first = tutorial_session(2);
  EXPECT_EQ(server_->app().memory().held(), one);
  // A second tab: refused, the first holds most of the memory.
  const auto [status, reply] = post(
      "/api/configure", {{"session", new_session()},
                         {"scenario", "tutorial.toml"},
                         {"replications", 2},
                         {"seed", "7"},
                         {"sets", {"calendar.end=2023-06", "output.snapshots=[\"2022-12\"]"}}});
  EXPECT_EQ(status, 400);
  EXPECT_TRUE(contains(reply["error"], "the server's other tabs and jobs hold"));
  const auto again = post("/api/configure",
                          {{"session", first},
                           {"scenario", "tutorial.toml"},
                           {"replications", 2},
                           {"seed", "8"},
                           {"sets", {"calendar.end=2023-06", "output.snapshots=[\"2022-12\"]"}}});
  // The same tab loading again replaces its holding rather than adding to it.
  EXPECT_EQ(again.first, 200) << again.second.dump();
  EXPECT_EQ(server_->app().memory().held(), one);
}

// After a rejected value the session holds no run: the page can show no chart or file
// of the run before, and the error stays in the state until the input is corrected.
TEST_F(ServeTest, ARejectedInputLeavesNoEarlierRunOnShow) {
  const std::string id = tutorial_session();
  ASSERT_EQ(post("/api/run", {{"session", id}}).first, 200);
  ASSERT_EQ(wait_idle(id)["status"], "done");
  const auto bad = post(
      "/api/configure",
      {{"session", id}, {"scenario", "tutorial.toml"}, {"sets", {"parameters.transfer.rate=2"}}});
  ASSERT_EQ(bad.first, 400);
  auto state = get("/api/state?session=" + id + "&metrics=firms_alive").second;
  EXPECT_EQ(state["status"], "invalid");
  EXPECT_FALSE(state.contains("series"));
  ASSERT_EQ(state["errors"].size(), 1u);
  EXPECT_TRUE(contains(state["errors"][0], "parameters.transfer.rate"));
  const auto run = post("/api/run", {{"session", id}});
  EXPECT_EQ(run.first, 409);
  EXPECT_TRUE(contains(run.second["error"], "the scenario has errors"));
  EXPECT_EQ(client_->Get("/api/results.h5?session=" + id)->status, 409);
  state = get("/api/state?session=" + id).second;
  EXPECT_EQ(state["errors"].size(), 1u);  // still there after the refused run
  tutorial_session();                     // a fresh tab, and then a correction here
  const auto fixed = post("/api/configure", {{"session", id}, {"scenario", "tutorial.toml"}});
  ASSERT_EQ(fixed.first, 200);
  state = get("/api/state?session=" + id).second;
  EXPECT_EQ(state["status"], "ready");
  EXPECT_TRUE(state["errors"].empty());
}

json lever_named(const json& reply, const std::string& key) {
  for (const auto& lever : reply["levers"])
    if (lever["key"] == key) return lever;
  return json();
}

TEST_F(ServeTest, LeversTheScenarioOverridesSaySo) {
  auto [status, reply] =
      post("/api/configure", {{"session", new_session()}, {"scenario", "sanctions_2022.toml"}});
  ASSERT_EQ(status, 200);
  const json key_rate = lever_named(reply, "parameters.credit.key_rate");
  ASSERT_TRUE(key_rate.is_object());
  EXPECT_TRUE(contains(key_rate.value("schedule_note", ""), "key-rate path"));
  EXPECT_GT(key_rate["scheduled"].size(), 5u);
  std::tie(status, reply) = post(
      "/api/configure", {{"session", new_session()}, {"scenario", "national_pilot_clusters.toml"}});
  ASSERT_EQ(status, 200);
  const json budget = lever_named(reply, "funders.0.annual_budget");
  ASSERT_TRUE(budget.is_object());
  EXPECT_TRUE(contains(budget.value("schedule_note", ""), "sets this"));
  // Tomsk's IDF lending follows a budget path ([[programme_budget]]) from 2015.
  std::tie(status, reply) =
      post("/api/configure", {{"session", new_session()}, {"scenario", "tomsk.toml"}});
  ASSERT_EQ(status, 200);
  const json idf = lever_named(reply, "funders.2.annual_budget");
  ASSERT_TRUE(idf.is_object());
  EXPECT_TRUE(contains(idf.value("schedule_note", ""), "budget path"));
  // A lever no event touches has no note.
  std::tie(status, reply) =
      post("/api/configure", {{"session", new_session()}, {"scenario", "tutorial.toml"}});
  EXPECT_FALSE(lever_named(reply, "parameters.transfer.rate").contains("schedule_note"));
}

// Counts' bands are clipped at 0 as the CLI's summary is; with few replications the
// Student-t band of a rare event would reach below 0.
TEST_F(ServeTest, BandsStayInTheMetricsRange) {
  const std::string id = tutorial_session(3, "5");
  ASSERT_EQ(post("/api/run", {{"session", id}}).first, 200);
  ASSERT_EQ(wait_idle(id)["status"], "done");
  const Scenario scenario = load_scenario_file(source_path("scenarios/tutorial.toml"));
  std::string names;
  std::vector<MetricInfo> bounded;
  for (const auto& info : cluster_model(scenario).metrics) {
    if (info.range.lower != 0) continue;
    bounded.push_back(info);
    names += (names.empty() ? "" : ",") + info.name;
  }
  ASSERT_FALSE(bounded.empty());
  const auto state = get("/api/state?session=" + id + "&metrics=" + names).second;
  int clipped = 0;
  for (const auto& info : bounded) {
    const auto& series = state["series"][info.name];
    for (std::size_t t = 0; t < series["low"].size(); ++t) {
      if (series["low"][t].is_null()) continue;
      const double low = series["low"][t], mean = series["mean"][t];
      EXPECT_GE(low, 0.0) << info.name << " month " << t;
      clipped += low == 0.0 && mean > 0.0;
    }
  }
  EXPECT_GT(clipped, 0) << "no band reached 0: the test cannot tell clipped from unclipped";
}

}  // namespace
}  // namespace clustersim::testing
