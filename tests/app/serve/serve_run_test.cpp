// `clustersim serve` running the engine: step, run, pause, cancel, sessions, compare,
// grid, the network and the downloaded results file.
#include <cstring>
#include <fstream>

#include "analysis/summary.hpp"
#include "models/scenario/scenario_loader.hpp"
#include "serve_fixture.hpp"
#include "sim/results_file.hpp"

namespace clustersim::testing {
namespace {

// The engine's own run of the tutorial as tutorial_session() configures it.
MetricTable engine_run(int replications, const std::string& seed,
                       std::vector<std::string> sets = {}) {
  sets.insert(sets.end(), {"calendar.end=2023-06", "output.snapshots=[\"2022-12\"]",
                           "replications=" + std::to_string(replications), "seed=" + seed});
  return run_model(load_scenario_file(source_path("scenarios/tutorial.toml"), sets), 2);
}

// Every metric of `a` in `b`, by name, bit for bit.
::testing::AssertionResult same_bits(const MetricTable& a, const MetricTable& b) {
  if (a.metrics().size() != b.metrics().size() || a.columns() != b.columns() ||
      a.replications() != b.replications())
    return ::testing::AssertionFailure() << "shapes differ";
  for (const auto& info : a.metrics()) {
    const int ma = a.index_of(info.name), mb = b.index_of(info.name);
    if (mb < 0 || std::memcmp(a.series(ma), b.series(mb),
                              sizeof(double) * std::size_t(a.replications() * a.columns())) != 0)
      return ::testing::AssertionFailure() << info.name << " differs";
  }
  return ::testing::AssertionSuccess();
}

std::vector<double> final_values(const MetricTable& table, const std::string& metric) {
  std::vector<double> values;
  for (int r = 0; r < table.replications(); ++r)
    values.push_back(table.at(table.index_of(metric), r, table.columns() - 1));
  return values;
}

TEST_F(ServeTest, StepAdvancesOneMonthAndChartsGrowByOneColumn) {
  const std::string id = tutorial_session();
  auto state = get("/api/state?session=" + id + "&metrics=firms_alive").second;
  EXPECT_EQ(state["status"], "ready");
  EXPECT_EQ(state["month"], 0);
  EXPECT_EQ(state["series"]["firms_alive"]["mean"].size(), 1u);
  ASSERT_EQ(post("/api/step", {{"session", id}}).first, 200);
  state = get("/api/state?session=" + id + "&metrics=firms_alive").second;
  EXPECT_EQ(state["month"], 1);
  EXPECT_EQ(state["label"], "2020-01");
  EXPECT_EQ(state["status"], "paused");
  EXPECT_EQ(state["series"]["firms_alive"]["high"].size(), 2u);
}

TEST_F(ServeTest, DownloadedRunIsTheEnginesRunAndRerunReproducesIt) {
  const std::string id = tutorial_session(3, "11");
  EXPECT_EQ(get("/api/results.h5?session=" + id).first, 409);  // not finished yet
  ASSERT_EQ(post("/api/step", {{"session", id}}).first, 200);  // stepping, then running,
  ASSERT_EQ(post("/api/run", {{"session", id}}).first, 200);   // is the same run
  EXPECT_EQ(wait_idle(id)["status"], "done");
  const auto file = client_->Get(("/api/results.h5?session=" + id).c_str());
  ASSERT_TRUE(file);
  ASSERT_EQ(file->status, 200);
  const std::string path = temporary_folder("serve_download") + "/tutorial.h5";
  std::ofstream(path, std::ios::binary) << file->body;
  EXPECT_TRUE(same_bits(read_results(path).metrics, engine_run(3, "11")));
  const auto rerun = run_clustersim("rerun " + path);
  EXPECT_EQ(rerun.exit_code, 0) << rerun.output;
  EXPECT_TRUE(contains(rerun.output, "identical"));
}

TEST_F(ServeTest, PauseStopsTheRunWhereItIsAndRunResumes) {
  const std::string id = long_session();
  ASSERT_EQ(post("/api/run", {{"session", id}}).first, 200);
  std::this_thread::sleep_for(std::chrono::milliseconds(150));
  ASSERT_EQ(post("/api/pause", {{"session", id}}).first, 200);
  const json paused = wait_idle(id);
  if (paused["status"] == "done") GTEST_SKIP() << "the run ended before the pause arrived";
  EXPECT_EQ(paused["status"], "paused");
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(get("/api/state?session=" + id).second["month"], paused["month"]);
  ASSERT_EQ(post("/api/run", {{"session", id}}).first, 200);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_GT(get("/api/state?session=" + id).second["month"], paused["month"]);
  post("/api/cancel", {{"session", id}});
}

TEST_F(ServeTest, CancelStopsTheRunAndStartsOver) {
  const std::string id = long_session();
  ASSERT_EQ(post("/api/run", {{"session", id}}).first, 200);
  const auto [status, state] = post("/api/cancel", {{"session", id}});
  EXPECT_EQ(status, 200);
  EXPECT_EQ(state["status"], "ready");
  EXPECT_EQ(state["month"], 0);
  EXPECT_EQ(state["message"], "run cancelled");
}

TEST_F(ServeTest, ARunningSessionRefusesStepAndNewJobs) {
  const std::string id = long_session();
  ASSERT_EQ(post("/api/run", {{"session", id}}).first, 200);
  const auto [status, reply] = post("/api/step", {{"session", id}});
  if (get("/api/state?session=" + id).second["status"] == "done" && status == 200)
    GTEST_SKIP() << "run ended first";
  EXPECT_EQ(status, 409);
  EXPECT_TRUE(contains(reply["error"], "in progress"));
  post("/api/cancel", {{"session", id}});
}

TEST_F(ServeTest, TwoSessionsRunAtOnceWithoutMixingResults) {
  const std::string a = tutorial_session(2, "1"), b = tutorial_session(2, "2");
  ASSERT_EQ(post("/api/run", {{"session", a}}).first, 200);
  ASSERT_EQ(post("/api/run", {{"session", b}}).first, 200);
  const json state_a = wait_idle(a, "firms_alive"), state_b = wait_idle(b, "firms_alive");
  const auto mean = [](const MetricTable& t) {
    return mean_interval(final_values(t, "firms_alive")).mean;
  };
  EXPECT_EQ(state_a["series"]["firms_alive"]["mean"].back(), mean(engine_run(2, "1")));
  EXPECT_EQ(state_b["series"]["firms_alive"]["mean"].back(), mean(engine_run(2, "2")));
}

TEST_F(ServeTest, JobsBeyondTheServerLimitAreRefused) {
  start({.max_jobs = 1});
  const std::string a = long_session(), b = tutorial_session(2);
  ASSERT_EQ(post("/api/run", {{"session", a}}).first, 200);
  const auto [status, reply] = post("/api/run", {{"session", b}});
  if (get("/api/state?session=" + a).second["status"] == "done" && status == 200)
    GTEST_SKIP() << "run ended first";
  EXPECT_EQ(status, 409);
  EXPECT_TRUE(contains(reply["error"], "its limit"));
  post("/api/cancel", {{"session", a}});
}

TEST_F(ServeTest, CompareIsPairedLikeTheCliOnTheSameSeeds) {
  const std::string id = tutorial_session(4, "5");
  const auto [status, reply] = post(
      "/api/compare",
      {{"session", id}, {"sets", {"parameters.transfer.rate=0"}}, {"metrics", {"knowledge_mean"}}});
  ASSERT_EQ(status, 200) << reply.dump();
  const json result = wait_idle(id)["compare"];
  ASSERT_TRUE(result.is_object()) << result.dump();
  EXPECT_TRUE(result["paired"].get<bool>());
  const auto a = final_values(engine_run(4, "5"), "knowledge_mean");
  const auto b = final_values(engine_run(4, "5", {"parameters.transfer.rate=0"}), "knowledge_mean");
  const Interval expected = paired_difference(a, b);
  const json& row = result["rows"][0];
  EXPECT_EQ(row["metric"], "knowledge_mean");
  EXPECT_EQ(row["difference"]["mean"], expected.mean);
  EXPECT_EQ(row["difference"]["low"], expected.low);
  EXPECT_EQ(row["difference"]["high"], expected.high);
}

TEST_F(ServeTest, CompareWithABadVariantValueGivesTheCliMessage) {
  const auto [status, reply] = post(
      "/api/compare", {{"session", tutorial_session()}, {"sets", {"parameters.transfer.rate=-1"}}});
  EXPECT_EQ(status, 400);
  EXPECT_TRUE(contains(reply["error"],
                       "--set parameters.transfer.rate=-1: "
                       "parameters.transfer.rate: out of range"));
}

// A metric the model does not have is a bad request, named (it used to start the job and
// leave an empty table); a refused comparison also forgets the last one's result, so the
// page shows no table that is not the variant asked for.
TEST_F(ServeTest, UnknownMetricsAndRepeatedLeversAreRefusedAndTheLastComparisonForgotten) {
  const std::string id = tutorial_session(2);
  ASSERT_EQ(post("/api/compare", {{"session", id},
                                  {"sets", {"parameters.transfer.rate=0"}},
                                  {"metrics", {"knowledge_mean"}}})
                .first,
            200);
  ASSERT_TRUE(wait_idle(id)["compare"].is_object());
  const auto [status, reply] = post(
      "/api/compare",
      {{"session", id}, {"sets", {"parameters.transfer.rate=0"}}, {"metrics", {"knowledge_meen"}}});
  EXPECT_EQ(status, 400);
  EXPECT_TRUE(contains(reply["error"], "knowledge_meen")) << reply.dump();
  EXPECT_FALSE(wait_idle(id)["compare"].is_object());
  const json levers = {{{"key", "parameters.transfer.rate"}, {"values", {"0", "0.1"}}}};
  EXPECT_EQ(post("/api/grid", {{"session", id}, {"levers", levers}, {"metrics", {"nosuch"}}}).first,
            400);
  // The same lever twice: its later values would silently win over the earlier ones.
  const json twice = {{{"key", "parameters.transfer.rate"}, {"values", {"0", "0.1"}}},
                      {{"key", "parameters.transfer.rate"}, {"values", {"0.2"}}}};
  const auto [grid_status, grid_reply] =
      post("/api/grid", {{"session", id}, {"levers", twice}, {"metrics", {"firms_alive"}}});
  EXPECT_EQ(grid_status, 400);
  EXPECT_TRUE(contains(grid_reply["error"], "given twice")) << grid_reply.dump();
}

TEST_F(ServeTest, GridIsTidyCsvWithOneRowPerValue) {
  const std::string id = tutorial_session(2);
  const json levers = {{{"key", "parameters.transfer.rate"}, {"values", {"0", "0.1"}}},
                       {{"key", "parameters.innovation.start_rate"}, {"values", {"0.05"}}}};
  ASSERT_EQ(
      post("/api/grid", {{"session", id}, {"levers", levers}, {"metrics", {"firms_alive"}}}).first,
      200);
  EXPECT_TRUE(wait_idle(id)["grid_ready"].get<bool>());
  const auto csv = client_->Get(("/api/grid.csv?session=" + id).c_str());
  ASSERT_TRUE(csv);
  std::istringstream lines(csv->body);
  std::string header;
  std::getline(lines, header);
  EXPECT_EQ(header,
            "point,parameters.transfer.rate,parameters.innovation.start_rate,replication,month,"
            "metric,value");
  int rows = 0;
  for (std::string line; std::getline(lines, line);) ++rows;
  EXPECT_EQ(rows, 2 * 2 * 43);  // points x replications x columns (42 months + initial)
}

TEST_F(ServeTest, GridRefusesTooManyPoints) {
  json values = json::array();
  for (int i = 0; i < 30; ++i) values.push_back(std::to_string(i * 0.01));
  const auto [status, reply] =
      post("/api/grid", {{"session", tutorial_session()},
                         {"levers", {{{"key", "parameters.transfer.rate"}, {"values", values}}}}});
  EXPECT_EQ(status, 400);
  EXPECT_TRUE(contains(reply["error"], "30 points (limit 25)"));
}

TEST_F(ServeTest, NetworkShowsEveryAliveFirmAndItsTrustedLinks) {
  const std::string id = tutorial_session(1);
  for (int i = 0; i < 12; ++i) post("/api/step", {{"session", id}});
  const json state = get("/api/state?session=" + id + "&metrics=firms_alive,links").second;
  const auto [status, network] = get("/api/network?session=" + id);
  ASSERT_EQ(status, 200);
  int firms = 0, firm_links = 0;
  for (const auto& node : network["nodes"]) firms += node["kind"] == "firm";
  for (const auto& link : network["links"]) {
    if (link["target"].get<int>() < 0) continue;  // a university contract
    ++firm_links;
    EXPECT_GE(link["trust"].get<double>(), 0.0);
    EXPECT_LE(link["trust"].get<double>(), 1.0);
  }
  EXPECT_EQ(firms, state["series"]["firms_alive"]["mean"].back().get<double>());
  EXPECT_EQ(firm_links, state["series"]["links"]["mean"].back().get<double>());
  EXPECT_EQ(network["label"], "2020-12");
}

}  // namespace
}  // namespace clustersim::testing
