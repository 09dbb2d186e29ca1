// The page's grid plot and Morris screening (app/serve/serve_experiments.hpp): the
// numbers are the analysis layer's, the screening is the CLI's, and bad requests are
// refused with what to change before anything runs.
#include <H5Cpp.h>

#include <map>

#include "analysis/summary.hpp"
#include "models/scenario/scenario_loader.hpp"
#include "serve_fixture.hpp"
#include "sim/results_file.hpp"

namespace clustersim::testing {
namespace {

const char* const kRate = "parameters.transfer.rate";
const char* const kStart = "parameters.innovation.start_rate";
const char* const kWage = "parameters.production.wage";

// The tutorial as tutorial_session(2, "7") loads it, with `sets`, run by the engine.
MetricTable tutorial_run(std::vector<std::string> sets) {
  sets.insert(sets.end(), {"calendar.end=2023-06", "output.snapshots=[\"2022-12\"]",
                           "replications=2", "seed=7"});
  return run_model(load_scenario_file(source_path("scenarios/tutorial.toml"), sets), 2);
}

std::vector<double> numbers(const std::string& file, const std::string& dataset) {
  H5::H5File h5(file, H5F_ACC_RDONLY);
  const auto data = h5.openDataSet(dataset);
  std::vector<double> values(std::size_t(data.getSpace().getSimpleExtentNpoints()));
  data.read(values.data(), H5::PredType::NATIVE_DOUBLE);
  return values;
}

json morris_body(const std::string& id, json levers, const std::string& metric = "firms_alive",
                 json trajectories = 2) {
  return {{"session", id}, {"levers", levers}, {"metric", metric}, {"trajectories", trajectories}};
}

json range(const std::string& key, json low, json high) {
  return {{"key", key}, {"low", low}, {"high", high}};
}

class ServeExperimentsTest : public ServeTest {
 protected:
  // POSTs a screening that must be refused with 400 and a message containing `expected`.
  void expect_refused(const json& body, const std::string& expected) {
    const auto [status, reply] = post("/api/sensitivity", body);
    EXPECT_EQ(status, 400) << reply.dump();
    EXPECT_TRUE(contains(reply.value("error", ""), expected)) << reply.dump();
    EXPECT_FALSE(reply["diagnostics"].empty()) << reply.dump();
  }
};

TEST_F(ServeExperimentsTest, GridPlotIsEachPointsLastMonthMeanAndIntervalPerSecondLever) {
  const std::string id = tutorial_session(2);
  const json levers = {{{"key", kRate}, {"values", {"0", "0.1"}}},
                       {{"key", kStart}, {"values", {"0.05", "0.2"}}}};
  ASSERT_EQ(
      post("/api/grid", {{"session", id}, {"levers", levers}, {"metrics", {"knowledge_mean"}}})
          .first,
      200);
  const json state = wait_idle(id);
  EXPECT_GT(state["grid_result"].get<long>(), 0);
  const auto [status, plot] = get("/api/grid?session=" + id);
  ASSERT_EQ(status, 200) << plot.dump();
  EXPECT_EQ(plot["x_key"], kRate);
  EXPECT_EQ(plot["x"], json({"0", "0.1"}));
  EXPECT_EQ(plot["x_number"], json({0.0, 0.1}));
  EXPECT_EQ(plot["line_key"], kStart);
  EXPECT_EQ(plot["month"], "2023-06");
  const json& lines = plot["metrics"]["knowledge_mean"]["lines"];
  ASSERT_EQ(lines.size(), 2u);  // one per value of the second lever
  for (std::size_t l = 0; l < 2; ++l) {
    const std::string start = levers[1]["values"][l];
    EXPECT_EQ(lines[l]["value"], start);
    ASSERT_EQ(lines[l]["mean"].size(), 2u);
    for (std::size_t x = 0; x < 2; ++x) {
      const std::string rate = levers[0]["values"][x];
      const MetricTable table =
          tutorial_run({std::string(kRate) + "=" + rate, std::string(kStart) + "=" + start});
      const Interval expected =
          column_interval(table, table.index_of("knowledge_mean"), table.columns() - 1);
      EXPECT_EQ(lines[l]["mean"][x], expected.mean) << start << " " << rate;
      EXPECT_EQ(lines[l]["low"][x], expected.low) << start << " " << rate;
      EXPECT_EQ(lines[l]["high"][x], expected.high) << start << " " << rate;
      EXPECT_LT(expected.low, expected.high);  // two replications that differ: a real band
    }
  }
  // The CSV stays downloadable beside the plot.
  EXPECT_TRUE(state["grid_ready"].get<bool>());
}

// A value a lever does not take: the CLI's message, named by the grid's lever, not --set.
TEST_F(ServeExperimentsTest, AGridValueALeverDoesNotTakeIsNamedByTheLever) {
  const std::string id = tutorial_session(2);
  const json levers = {{{"key", "parameters.transfer.rate"}, {"values", {"0.1", "2"}}}};
  const auto [status, reply] =
      post("/api/grid", {{"session", id}, {"levers", levers}, {"metrics", {"firms_alive"}}});
  EXPECT_EQ(status, 400);
  EXPECT_TRUE(contains(reply["error"],
                       "grid lever parameters.transfer.rate (at 2): "
                       "parameters.transfer.rate: out of range"))
      << reply.dump();
}

TEST_F(ServeExperimentsTest, GridPlotOfOneLeverHasOneLineAndTextValuesHaveNoNumbers) {
  const std::string id = tutorial_session(2);
  const json levers = {{{"key", "centers.0.active"}, {"values", {"true", "false"}}}};
  ASSERT_EQ(
      post("/api/grid", {{"session", id}, {"levers", levers}, {"metrics", {"firms_alive"}}}).first,
      200);
  wait_idle(id);
  const json plot = get("/api/grid?session=" + id).second;
  EXPECT_TRUE(plot["line_key"].is_null());
  EXPECT_TRUE(plot["x_number"].is_null()) << plot.dump();  // the page spaces them evenly
  ASSERT_EQ(plot["metrics"]["firms_alive"]["lines"].size(), 1u);
  EXPECT_EQ(plot["metrics"]["firms_alive"]["lines"][0]["mean"].size(), 2u);
}

TEST_F(ServeExperimentsTest, NoResultsBeforeAGridOrAScreeningAndNoneAfterALoad) {
  const std::string id = tutorial_session(2);
  EXPECT_EQ(get("/api/grid?session=" + id).first, 409);
  EXPECT_EQ(get("/api/sensitivity?session=" + id).first, 409);
  const json levers = {{{"key", kRate}, {"values", {"0"}}}};
  post("/api/grid", {{"session", id}, {"levers", levers}, {"metrics", {"firms_alive"}}});
  wait_idle(id);
  EXPECT_EQ(get("/api/grid?session=" + id).first, 200);
  tutorial_session(2);  // another tab: this one keeps its grid
  EXPECT_EQ(get("/api/grid?session=" + id).first, 200);
  post("/api/configure", {{"session", id}, {"scenario", "tutorial.toml"}, {"replications", 1}});
  const auto [status, reply] = get("/api/grid?session=" + id);
  EXPECT_EQ(status, 409);  // a grid of the scenario before would describe another run
  EXPECT_EQ(get("/api/state?session=" + id).second["grid_result"], 0);
}

// The page's screening against `clustersim sensitivity --method morris` with the same
// scenario, seed, ranges and trajectories: the same design, runs and indices.
TEST_F(ServeExperimentsTest, MorrisScreeningIsTheCommandLinesRankedByMuStar) {
  const std::string id = tutorial_session(2);
  const auto [status, reply] =
      post("/api/sensitivity",
           morris_body(id, {range(kRate, 0, "0.1"), range(kWage, "0.05", 0.12)}, "firms_alive", 3));
  ASSERT_EQ(status, 200) << reply.dump();
  const json state = wait_idle(id);
  EXPECT_EQ(state["status"], "ready");
  EXPECT_EQ(state["progress"]["done"], 3 * 3 * 2);
  EXPECT_GT(state["sensitivity_result"].get<long>(), 0);
  const auto [got, result] = get("/api/sensitivity?session=" + id);
  ASSERT_EQ(got, 200) << result.dump();
  EXPECT_EQ(result["points"], 3 * 3);
  EXPECT_EQ(result["runs"], 3 * 3 * 2);
  EXPECT_EQ(result["month"], "2023-06");

  const auto out = temporary_folder("serve_morris") + "/m.h5";
  const auto cli = run_clustersim(
      "sensitivity " + source_path("scenarios/tutorial.toml") +
      " --set calendar.end=2023-06 --set 'output.snapshots=[\"2022-12\"]' -r 2 --seed 7 -q"
      " --method morris -n 3 --metric firms_alive --param parameters.transfer.rate=0:0.1"
      " --param parameters.production.wage=0.05:0.12 -o " +
      out);
  ASSERT_EQ(cli.exit_code, 0) << cli.output;
  const auto mu_star = numbers(out, "/sensitivity/mu_star");
  const auto mu = numbers(out, "/sensitivity/mu"), sigma = numbers(out, "/sensitivity/sigma");
  double noise = -1;
  H5::H5File(out, H5F_ACC_RDONLY)
      .openGroup("/sensitivity")
      .openAttribute("noise_share")
      .read(H5::PredType::NATIVE_DOUBLE, &noise);
  EXPECT_DOUBLE_EQ(result["noise_share"].get<double>(), noise);
  const std::map<std::string, std::size_t> cli_index = {{kRate, 0}, {kWage, 1}};
  ASSERT_EQ(result["levers"].size(), 2u);
  for (const auto& lever : result["levers"]) {
    const std::size_t i = cli_index.at(lever["key"].get<std::string>());
    EXPECT_DOUBLE_EQ(lever["mu_star"].get<double>(), mu_star[i]) << lever.dump();
    EXPECT_DOUBLE_EQ(lever["mu"].get<double>(), mu[i]) << lever.dump();
    EXPECT_DOUBLE_EQ(lever["sigma"].get<double>(), sigma[i]) << lever.dump();
  }
  // Ranked: the most important lever first (wages decide how many firms survive).
  EXPECT_GE(result["levers"][0]["mu_star"].get<double>(),
            result["levers"][1]["mu_star"].get<double>());
  EXPECT_EQ(result["levers"][0]["key"], kWage);
  EXPECT_EQ(result["levers"][0]["low"], 0.05);
  EXPECT_EQ(result["levers"][0]["high"], 0.12);
}

TEST_F(ServeExperimentsTest, ScreeningsAskingWhatThePageCannotDoAreRefusedWithWhy) {
  const std::string id = tutorial_session(2);
  expect_refused(morris_body(id, {range("parameters.no.such", 0, 1)}),
                 "sensitivity: unknown lever \"parameters.no.such\" (expected one of the page's "
                 "levers: parameters.transfer.rate,");
  expect_refused(
      morris_body(id, {range(kRate, 0.1, 0.1)}),
      "sensitivity: parameters.transfer.rate: low 0.1 >= high 0.1 (expected low < high)");
  expect_refused(morris_body(id, {range(kRate, "0.2", "0.1")}), "(expected low < high)");
  expect_refused(morris_body(id, {range(kRate, "a lot", 0.1)}),
                 "sensitivity: parameters.transfer.rate: low \"a lot\": expected a finite number");
  expect_refused(morris_body(id, {range(kRate, 0, 0.1), range(kRate, 0, 0.2)}), "chosen twice");
  expect_refused(morris_body(id, json::array()), "no lever chosen");
  expect_refused(morris_body(id, {range(kRate, 0, 0.1)}, "no_such_metric"),
                 "sensitivity: metric no_such_metric: unknown metric");
  expect_refused(morris_body(id, {range(kRate, 0, 0.1)}, "firms_alive", 1),
                 "1 trajectories (expected 2 to 50)");
  expect_refused(morris_body(id, {range(kRate, 0, 0.1)}, "firms_alive", "four"),
                 "trajectories \"four\": expected a whole number");
  // A range end the key does not take: the CLI's message for that value, named by the lever.
  expect_refused(morris_body(id, {range(kRate, 0, 2)}),
                 "screening lever parameters.transfer.rate (at 2.0): parameters.transfer.rate: "
                 "out of range");
  EXPECT_EQ(get("/api/state?session=" + id).second["status"], "ready");  // nothing started
}

TEST_F(ServeExperimentsTest, ScreeningsAboveThePagesRunLimitAreRefusedWithTheCount) {
  start({.max_experiment_runs = 20});
  const std::string id = tutorial_session(2);
  // 4 trajectories x 3 points x 2 replications = 24 runs.
  expect_refused(
      morris_body(id, {range(kRate, 0, 0.1), range(kWage, 0.05, 0.12)}, "firms_alive", 4),
      "sensitivity: 24 runs (4 trajectories x 3 points x 2 replications), above the "
      "page's limit of 20; use fewer trajectories, levers or replications");
  // 3 x 3 x 2 = 18: within the limit.
  EXPECT_EQ(
      post("/api/sensitivity",
           morris_body(id, {range(kRate, 0, 0.1), range(kWage, 0.05, 0.12)}, "firms_alive", 3))
          .first,
      200);
  wait_idle(id);
}

// A long screening (the whole tutorial) shows its progress, keeps the session busy, and
// stops on cancel with no result.
TEST_F(ServeExperimentsTest, AScreeningRunsAsTheSessionsJobAndCancelStopsIt) {
  start({.max_experiment_runs = 100000});
  const std::string id = new_session();
  ASSERT_EQ(
      post("/api/configure", {{"session", id}, {"scenario", "tutorial.toml"}, {"replications", 40}})
          .first,
      200);
  const std::uint64_t stepped = server_->app().memory().held();
  ASSERT_EQ(
      post("/api/sensitivity",
           morris_body(id, {range(kRate, 0, 0.1), range(kWage, 0.05, 0.12)}, "firms_alive", 10))
          .first,
      200);
  const json busy = get("/api/state?session=" + id).second;
  // 1,200 tutorial runs take far longer than one request: it must still be running.
  ASSERT_EQ(busy["status"], "sensitivity");
  EXPECT_GT(server_->app().memory().held(), stepped);  // the job's worlds are counted
  const auto [status, reply] = post("/api/run", {{"session", id}});
  EXPECT_EQ(status, 409);
  EXPECT_TRUE(contains(reply["error"], "a sensitivity is in progress"));
  post("/api/cancel", {{"session", id}});
  const json state = get("/api/state?session=" + id).second;
  EXPECT_EQ(state["status"], "ready");
  EXPECT_EQ(state["message"], "sensitivity cancelled");
  EXPECT_EQ(state["sensitivity_result"], 0);
  EXPECT_EQ(get("/api/sensitivity?session=" + id).first, 409);
  EXPECT_EQ(server_->app().memory().held(), stepped);  // and given back
}

}  // namespace
}  // namespace clustersim::testing
