// `clustersim serve`'s HTTP API: scenarios, levers, error messages and safety.
#include <algorithm>

#include "models/scenario/scenario_loader.hpp"
#include "serve_fixture.hpp"

namespace clustersim::testing {
namespace {

TEST_F(ServeTest, ListsShippedScenariosWithTutorialFirstChoice) {
  const auto [status, reply] = get("/api/scenarios");
  ASSERT_EQ(status, 200);
  EXPECT_EQ(reply["default"], "tutorial.toml");
  const auto names = reply["scenarios"].get<std::vector<std::string>>();
  EXPECT_EQ(names.size(), scenario_files().size());
  EXPECT_NE(std::find(names.begin(), names.end(), "tomsk.toml"), names.end());
}

TEST_F(ServeTest, ConfigureReturnsLeversWithSchemaUnitRangeAndMeaning) {
  const auto [status, reply] =
      post("/api/configure", {{"session", new_session()}, {"scenario", "tutorial.toml"}});
  ASSERT_EQ(status, 200) << reply.dump();
  const auto& levers = reply["levers"];
  const auto rate = std::find_if(levers.begin(), levers.end(), [](const json& l) {
    return l["key"] == "parameters.transfer.rate";
  });
  ASSERT_NE(rate, levers.end());
  EXPECT_EQ((*rate)["unit"], "1/month");
  EXPECT_EQ((*rate)["value"], 0.05);
  EXPECT_GE((*rate)["min"].get<double>(), 0.0);
  EXPECT_LE((*rate)["max"].get<double>(), 1.0);  // inside the schema's range 0 .. 1
  EXPECT_TRUE(contains((*rate)["meaning"], "knowledge lead"));
  // Policy levers of the scenario's own tables: the grant programme's budget.
  EXPECT_TRUE(std::any_of(levers.begin(), levers.end(),
                          [](const json& l) { return l["key"] == "funders.0.annual_budget"; }));
  EXPECT_GT(reply["metrics"].size(), 50u);
}

// A scenario that marks explorable keys gets exactly those levers, with its ranges
// (sanctions_2022 marks the strategists' levers).
TEST_F(ServeTest, ScenarioMarkedExplorableKeysAreTheLevers) {
  const auto [status, reply] =
      post("/api/configure", {{"session", new_session()}, {"scenario", "sanctions_2022.toml"}});
  ASSERT_EQ(status, 200) << reply.dump();
  const auto scenario =
      load_scenario_file(source_path("scenarios/sanctions_2022.toml"), std::vector<std::string>{});
  ASSERT_FALSE(scenario.explore.empty());
  const auto& levers = reply["levers"];
  ASSERT_EQ(levers.size(), scenario.explore.size());
  for (std::size_t i = 0; i < levers.size(); ++i) {
    EXPECT_EQ(levers[i]["key"], scenario.explore[i].key);
    EXPECT_LE(levers[i]["min"].get<double>(), scenario.explore[i].min);
    EXPECT_GE(levers[i]["max"].get<double>(), scenario.explore[i].max);
  }
}

TEST_F(ServeTest, OutOfRangeLeverGivesTheCliMessage) {
  const auto cli = run_clustersim("run " + source_path("scenarios/tutorial.toml") +
                                  " --set parameters.transfer.rate=2 -o " +
                                  temporary_folder("serve_cli") + "/x.h5");
  ASSERT_EQ(cli.exit_code, 2);
  const auto [status, reply] = post("/api/configure", {{"session", new_session()},
                                                       {"scenario", "tutorial.toml"},
                                                       {"sets", {"parameters.transfer.rate=2"}}});
  EXPECT_EQ(status, 400);
  ASSERT_EQ(reply["diagnostics"].size(), 1u);
  EXPECT_EQ(reply["diagnostics"][0].get<std::string>() + "\n", cli.output);
}

TEST_F(ServeTest, BadReplicationsAndSeedGiveTheCliMessages) {
  const std::string id = new_session();
  auto [status, reply] =
      post("/api/configure", {{"session", id}, {"scenario", "tutorial.toml"}, {"seed", "-1"}});
  EXPECT_EQ(status, 400);
  EXPECT_TRUE(contains(reply["error"], "--seed -1: expected an integer from 0"));
  std::tie(status, reply) = post(
      "/api/configure", {{"session", id}, {"scenario", "tutorial.toml"}, {"replications", "0"}});
  EXPECT_EQ(status, 400);
  EXPECT_TRUE(contains(reply["error"], "-r/--replications 0: out of range"));
}

TEST_F(ServeTest, UploadErrorsCarryFileLineAndColumn) {
  const auto [status, reply] = post(
      "/api/configure",
      {{"session", new_session()},
       {"upload", {{"name", "mine.toml"}, {"text", "name = \"x\"\nreplications = \"many\"\n"}}}});
  EXPECT_EQ(status, 400);
  ASSERT_FALSE(reply["diagnostics"].empty());
  EXPECT_TRUE(contains(reply["error"], "mine.toml:2:")) << reply.dump();
}

TEST_F(ServeTest, UploadOfAValidScenarioLoads) {
  const auto [status, reply] = post(
      "/api/configure", {{"session", new_session()},
                         {"upload", {{"name", "small.toml"}, {"text", minimal_scenario_toml()}}}});
  EXPECT_EQ(status, 200) << reply.dump();
}

// The page sends an upload's bytes in base64, so a file that is not UTF-8 gets the CLI's
// message at the CLI's line and column (a browser decoding it as text would have replaced
// the bad byte), and a valid file sent that way loads.
TEST_F(ServeTest, UploadBytesInBase64AreCheckedAsTheCliChecksFiles) {
  // "x = 1\nname = \"sm\xE4ll\"\n" (Latin-1) in base64.
  auto [status, reply] =
      post("/api/configure",
           {{"session", new_session()},
            {"upload", {{"name", "latin1.toml"}, {"base64", "eCA9IDEKbmFtZSA9ICJzbeRsbCIK"}}}});
  EXPECT_EQ(status, 400);
  EXPECT_TRUE(contains(reply["error"], "latin1.toml:2:11")) << reply.dump();
  EXPECT_TRUE(contains(reply["error"], "invalid UTF-8")) << reply.dump();
  // A character outside the alphabet, padding inside the text, and a length not a
  // multiple of 4.
  for (const char* bad : {"not base64!!", "AB=C", "QUJD="}) {
    std::tie(status, reply) =
        post("/api/configure",
             {{"session", new_session()}, {"upload", {{"name", "bad.toml"}, {"base64", bad}}}});
    EXPECT_EQ(status, 400) << bad;
    EXPECT_TRUE(contains(reply["error"], "not base64")) << bad << ": " << reply.dump();
  }
  std::string encoded;  // the minimal scenario, encoded here with the standard alphabet
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const std::string text = minimal_scenario_toml();
  for (std::size_t i = 0; i < text.size(); i += 3) {
    std::uint32_t group = std::uint32_t(std::uint8_t(text[i])) << 16;
    if (i + 1 < text.size()) group |= std::uint32_t(std::uint8_t(text[i + 1])) << 8;
    if (i + 2 < text.size()) group |= std::uint32_t(std::uint8_t(text[i + 2]));
    for (std::size_t k = 0; k < 4; ++k)
      encoded += i + k <= text.size() ? alphabet[(group >> (18 - 6 * k)) & 63] : '=';
  }
  std::tie(status, reply) =
      post("/api/configure",
           {{"session", new_session()}, {"upload", {{"name", "small.toml"}, {"base64", encoded}}}});
  EXPECT_EQ(status, 200) << reply.dump();
}

// Every spelling TOML allows for the key arrives as "extends" once parsed; none may
// name a file outside the scenarios folder, and nothing of such a file is read (a
// syntax error would quote /etc/passwd's first line).
TEST_F(ServeTest, UploadMayNotExtendAFileOutsideTheScenarios) {
  const char* spellings[] = {
      "extends = \"/etc/passwd\"",
      "\"extends\" = \"/etc/passwd\"",
      "'extends' = '/etc/passwd'",
      "\"\\u0065xtends\" = \"/etc/passwd\"",
      "\"ext\\u0065nds\" = \"../../../../../../../../etc/passwd\"",
      "  extends\t=  \"../CMakeLists.txt\"",
      "\"\\u0065\\u0078tends\" = \"/etc/hostname\"",
  };
  for (const char* line : spellings) {
    const auto [status, reply] =
        post("/api/configure",
             {{"session", new_session()},
              {"upload", {{"name", "up.toml"}, {"text", std::string("# x\n") + line + "\n"}}}});
    EXPECT_EQ(status, 400) << line;
    EXPECT_TRUE(contains(reply["error"], "up.toml:2:")) << line << ": " << reply.dump();
    EXPECT_TRUE(contains(reply["error"], "extends: outside the shipped scenarios' folder"))
        << line << ": " << reply.dump();
    EXPECT_FALSE(contains(reply["error"], "root")) << line << ": " << reply.dump();
  }
}

// Dotted keys and inline tables make `extends` a table, or put it below the root,
// where it is an unknown key: reported, and no file is read.
TEST_F(ServeTest, ExtendsAsATableOrBelowTheRootReadsNothing) {
  const char* texts[] = {
      "extends.file = \"/etc/passwd\"\n",
      "extends = { file = \"/etc/passwd\" }\n",
      "[parameters]\nextends = \"/etc/passwd\"\n",
      "[parameters]\ntransfer = { \"\\u0065xtends\" = \"/etc/passwd\" }\n",
  };
  for (const char* text : texts) {
    const auto [status, reply] =
        post("/api/configure",
             {{"session", new_session()}, {"upload", {{"name", "up.toml"}, {"text", text}}}});
    EXPECT_EQ(status, 400) << text;
    EXPECT_TRUE(contains(reply["error"], "extends")) << text << ": " << reply.dump();
    EXPECT_FALSE(contains(reply["error"], "root")) << text << ": " << reply.dump();
  }
}

// An upload may build on a shipped scenario by its name.
TEST_F(ServeTest, UploadMayExtendAShippedScenario) {
  const auto [status, reply] =
      post("/api/configure",
           {{"session", new_session()},
            {"upload",
             {{"name", "variant.toml"},
              {"text", "\"\\u0065xtends\" = \"tutorial.toml\"\nname = \"my variant\"\n"}}}});
  EXPECT_EQ(status, 200) << reply.dump();
  EXPECT_EQ(reply["name"], "my variant");
}

TEST_F(ServeTest, ScenarioNamesAreNotPaths) {
  const auto [status, reply] =
      post("/api/configure", {{"session", new_session()}, {"scenario", "../../etc/passwd"}});
  EXPECT_EQ(status, 400);
  EXPECT_TRUE(contains(reply["error"], "not a shipped scenario"));
}

TEST_F(ServeTest, RunsAboveTheSizeLimitAreRefusedWithTheirSize) {
  const auto [status, reply] =
      post("/api/configure",
           {{"session", new_session()}, {"scenario", "tutorial.toml"}, {"replications", 5000}});
  EXPECT_EQ(status, 400);
  EXPECT_TRUE(contains(reply["error"],
                       "run too large for the server: 164 firm slots x 60 months "
                       "x 5000 replications"));
}

TEST_F(ServeTest, MalformedRequestsAreAnsweredAndTheServerGoesOn) {
  const auto broken = client_->Post("/api/configure", "{", "application/json");
  ASSERT_TRUE(broken);
  EXPECT_EQ(broken->status, 400);
  EXPECT_EQ(post("/api/configure", {{"session", new_session()}}).first, 400);  // no scenario
  EXPECT_EQ(post("/api/configure", {{"session", 12}}).first, 400);             // wrong type
  EXPECT_EQ(get("/api/network?session=" + new_session() + "&replication=x").first, 400);
  EXPECT_EQ(get("/api/scenarios").first, 200);
}

// Every route, with bodies of every wrong shape: each gets a 4xx answer with a message,
// never a 500 or a dropped connection, and the server keeps answering.
TEST_F(ServeTest, EveryRouteAnswersMalformedBodiesWithAClientError) {
  const std::string id = tutorial_session();
  const std::vector<std::string> bodies = {
      "",
      "{",
      "[]",
      "null",
      "\"text\"",
      "{\"session\": []}",
      "{\"session\": null}",
      "{\"session\": \"" + id + "\", \"sets\": 5, \"levers\": \"x\", \"scenario\": 1}",
      "{\"session\": \"" + id + "\", \"upload\": {\"text\": 3}}",
      "{\"session\": \"" + id + "\", \"levers\": [{\"key\": 1}], \"metrics\": [[]]}"};
  for (const char* path : {"/api/configure", "/api/run", "/api/step", "/api/pause", "/api/reset",
                           "/api/cancel", "/api/compare", "/api/grid", "/api/sensitivity"}) {
    for (const auto& body : bodies) {
      const auto result = client_->Post(path, body, "application/json");
      ASSERT_TRUE(result) << path << " " << body;
      if (result->status == 200) continue;  // e.g. pause of an idle session is fine
      EXPECT_GE(result->status, 400) << path << " " << body;
      EXPECT_LT(result->status, 500) << path << " " << body << ": " << result->body;
      EXPECT_FALSE(json::parse(result->body)["error"].get<std::string>().empty());
    }
  }
  post("/api/cancel", {{"session", id}});
  EXPECT_EQ(get("/api/state?session=" + id).first, 200);
}

TEST_F(ServeTest, UnknownSessionIsGoneNotACrash) {
  const auto [status, reply] = post("/api/run", {{"session", "nope"}});
  EXPECT_EQ(status, 410);
  EXPECT_TRUE(contains(reply["error"], "unknown session"));
  EXPECT_EQ(reply["session_ended"], true);
}

TEST_F(ServeTest, StaticFilesAreServedOnlyByExactName) {
  const auto page = client_->Get("/");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_TRUE(contains(page->body, "<html"));
  for (const char* path : {"/../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd",
                           "/lib/../../../etc/passwd", "/web/index.html", "/CMakeLists.txt"}) {
    const auto result = client_->Get(path);
    ASSERT_TRUE(result) << path;
    EXPECT_EQ(result->status, 404) << path;
    EXPECT_FALSE(contains(result->body, "root:")) << path;
  }
}

TEST_F(ServeTest, RequestsNamingAnotherHostAreForbidden) {
  // What a page on another site would send after rebinding its name to 127.0.0.1.
  const auto result = client_->Get("/api/scenarios", {{"Host", "evil.example:8080"}});
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 403);
  EXPECT_TRUE(contains(result->body, "must name this server"));
  const auto local = client_->Get("/api/scenarios", {{"Host", "localhost:8080"}});
  ASSERT_TRUE(local);
  EXPECT_EQ(local->status, 200);
}

TEST_F(ServeTest, DebianChartAndGraphLibrariesAreServed) {
  if (!std::filesystem::exists("/usr/share/javascript/chart.js/chart.min.js"))
    GTEST_SKIP() << "libjs-chart.js not installed";
  const auto chart = client_->Get("/lib/chart.min.js");
  ASSERT_TRUE(chart);
  EXPECT_TRUE(contains(chart->body, "Chart.js v3"));
  const auto d3 = client_->Get("/lib/d3.min.js");
  ASSERT_TRUE(d3);
  EXPECT_TRUE(contains(d3->body, "d3"));
}

}  // namespace
}  // namespace clustersim::testing
