// The page's levers in plain words (name, unit, meaning, source of the shipped value),
// the scenario's events for the time axis, and the scenario as TOML for `clustersim run`.
#include <algorithm>
#include <fstream>

#include "models/scenario/scenario_loader.hpp"
#include "serve_fixture.hpp"

namespace clustersim::testing {
namespace {

json named(const json& list, const std::string& field, const std::string& value) {
  for (const auto& item : list)
    if (item.value(field, "") == value) return item;
  return json();
}

class ServeLeversTest : public ServeTest {
 protected:
  // The configure reply for a shipped scenario.
  json configured(const std::string& scenario) {
    const auto [status, reply] =
        post("/api/configure", {{"session", new_session()}, {"scenario", scenario}});
    EXPECT_EQ(status, 200) << reply.dump();
    return reply;
  }
};

TEST_F(ServeLeversTest, LeversSayTheirMeaningInPlainWordsWithTheShippedValuesSource) {
  const json reply = configured("tutorial.toml");
  const json rate = named(reply["levers"], "key", "parameters.transfer.rate");
  EXPECT_EQ(rate["label"], "Knowledge transfer between partners");
  EXPECT_EQ(rate["unit_text"], "per month");
  EXPECT_EQ(rate["source"], "the same as the model's default");  // tutorial.toml restates it
  EXPECT_EQ(named(reply["levers"], "key", "funders.0.annual_budget")["source"],
            "set by the scenario tutorial");
  EXPECT_EQ(rate["evidence"], "Nooteboom 2007");
  EXPECT_TRUE(contains(rate["description"], "Zero switches partner transfer off"));
  const json need = named(reply["levers"], "key", "parameters.innovation.competence_need");
  EXPECT_EQ(need["unit_text"], "a ratio (no unit)");
  // The advanced-training center's funding is only money spent: the meaning says so.
  const json training = named(reply["levers"], "key", "centers.1.funding");
  EXPECT_EQ(training["label"], "Funding of tutorial_training");
  EXPECT_TRUE(contains(training["meaning"], "advanced-training center"));
  EXPECT_TRUE(contains(training["meaning"], "does not change what the center does"));
}

TEST_F(ServeLeversTest, EventsOfTheScenarioComeWithKindAndNote) {
  const json sanctions = configured("sanctions_2022.toml")["events"];
  const json package = named(sanctions, "date", "2022-03");
  EXPECT_EQ(package["kind"], "sanctions") << sanctions.dump();
  // Budget paths and the bankruptcy moratorium are on the time axis too (issue 25).
  const json mortgage = named(sanctions, "date", "2022-09");
  EXPECT_EQ(mortgage["kind"], "budget");
  EXPECT_TRUE(contains(mortgage["title"], "industrial_mortgage budget 1300")) << mortgage.dump();
  const json moratorium = named(sanctions, "kind", "moratorium");
  EXPECT_EQ(moratorium["date"], "2022-04") << sanctions.dump();
  EXPECT_TRUE(contains(moratorium["title"], "until 2022-10"));
  const json tutorial = configured("tutorial.toml")["events"];
  ASSERT_FALSE(tutorial.empty());
  EXPECT_TRUE(std::any_of(tutorial.begin(), tutorial.end(), [](const json& e) {
    return e["kind"] == "centers" && contains(e["title"], "tutorial_training");
  })) << tutorial.dump();
}

// tomsk's observed file lists its calibration targets: the levels are drawn (a value
// at a month, a mean over a window), the three-year sum of bankruptcies is not.
TEST_F(ServeLeversTest, ObservedDataOfTomskAreLevelsWithTheirSources) {
  const json observed = configured("tomsk.toml")["observed"];
  ASSERT_EQ(observed.size(), 2u) << observed.dump();
  const json firms = named(observed, "name", "firms_2014");
  EXPECT_EQ(firms["metric"], "firms_alive");
  EXPECT_EQ(firms["from"], "2014-12");
  EXPECT_EQ(firms["to"], "2014-12");
  EXPECT_EQ(firms["value"], 246);
  EXPECT_TRUE(contains(firms["source"], "Invest in Tomsk 2014"));
  const json loss = named(observed, "name", "loss_making_2015_2017");
  EXPECT_EQ(loss["reduction"], "mean");
  EXPECT_EQ(loss["from"], "2015-01");
  EXPECT_EQ(loss["to"], "2017-12");
  EXPECT_TRUE(configured("tutorial.toml")["observed"].empty());  // made up: no data
}

TEST_F(ServeTest, ScenarioTomlHoldsTheLeversSeedAndReplicationsForRun) {
  const std::string id = new_session();
  ASSERT_EQ(post("/api/configure", {{"session", id},
                                    {"scenario", "tutorial.toml"},
                                    {"replications", "3"},
                                    {"seed", "17"},
                                    {"sets", {"parameters.transfer.rate=0.12"}}})
                .first,
            200);
  const auto file = client_->Get(("/api/scenario.toml?session=" + id).c_str());
  ASSERT_TRUE(file);
  ASSERT_EQ(file->status, 200) << file->body;
  const std::string path = temporary_folder("serve_toml") + "/tutorial.toml";
  std::ofstream(path) << file->body;
  const auto loaded = load_scenario_file(path, std::vector<std::string>{});
  EXPECT_EQ(loaded.parameters.transfer_rate, 0.12);
  EXPECT_EQ(loaded.seed, 17u);
  EXPECT_EQ(loaded.replications, 3);
  // A tab whose input was refused holds no scenario to download.
  ASSERT_EQ(post("/api/configure", {{"session", id},
                                    {"scenario", "tutorial.toml"},
                                    {"sets", {"parameters.transfer.rate=2"}}})
                .first,
            400);
  EXPECT_EQ(get("/api/scenario.toml?session=" + id).first, 409);
}

}  // namespace
}  // namespace clustersim::testing
