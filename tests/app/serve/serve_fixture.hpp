#pragma once
// A `clustersim serve` server started in-process on a free port, and a client for it.
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "app/serve/serve_api.hpp"
#include "support/test_support.hpp"

// Last: httplib.h pulls in <resolv.h>, whose `_res` macro breaks Eigen's headers if
// they come after it.
#include <httplib.h>

namespace clustersim::testing {

using nlohmann::json;

class ServeTest : public ::testing::Test {
 protected:
  void SetUp() override { start({}); }

  void start(app::ServeLimits limits, const std::function<void(app::ServeConfig&)>& adjust = {}) {
    server_.reset();
    app::ServeConfig config;
    config.scenario_folder = source_path("scenarios");
    config.work_folder = temporary_folder("serve_api");
    config.limits = limits;
    if (adjust) adjust(config);
    server_ = std::make_unique<app::ServeServer>(config, "127.0.0.1", 0);
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
    client_->set_read_timeout(120, 0);
  }

  // POST with a JSON body; returns the status and the parsed reply.
  std::pair<int, json> post(const std::string& path, const json& body) {
    const auto result = client_->Post(path.c_str(), body.dump(), "application/json");
    if (!result) return {0, json()};
    return {result->status, json::parse(result->body)};
  }
  std::pair<int, json> get(const std::string& path) {
    const auto result = client_->Get(path.c_str());
    if (!result) return {0, json()};
    return {result->status, json::parse(result->body)};
  }

  std::string new_session() { return post("/api/session", json::object()).second["session"]; }

  // A session with the tutorial loaded: short calendar, `replications`, `seed`.
  std::string tutorial_session(int replications = 2, const std::string& seed = "7",
                               json sets = json::array()) {
    const std::string id = new_session();
    sets.push_back("calendar.end=2023-06");
    sets.push_back("output.snapshots=[\"2022-12\"]");
    const auto [status, reply] = post("/api/configure", {{"session", id},
                                                         {"scenario", "tutorial.toml"},
                                                         {"replications", replications},
                                                         {"seed", seed},
                                                         {"sets", sets}});
    EXPECT_EQ(status, 200) << reply.dump();
    return id;
  }

  // A session whose run takes seconds (the whole tutorial, 400 replications), to
  // catch it while it runs; tests cancel it when done.
  std::string long_session() {
    const std::string id = new_session();
    const auto [status, reply] = post(
        "/api/configure",
        {{"session", id}, {"scenario", "tutorial.toml"}, {"replications", 400}, {"seed", "3"}});
    EXPECT_EQ(status, 200) << reply.dump();
    return id;
  }

  // Polls the state until the session is no longer busy (or 60 s pass).
  json wait_idle(const std::string& id, const std::string& metrics = "") {
    json state;
    for (int i = 0; i < 600; ++i) {
      state = get("/api/state?session=" + id + "&metrics=" + metrics).second;
      const std::string status = state.value("status", "");
      if (status != "running" && status != "comparison" && status != "grid" &&
          status != "sensitivity")
        break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return state;
  }

  std::unique_ptr<app::ServeServer> server_;
  std::unique_ptr<httplib::Client> client_;
};

}  // namespace clustersim::testing
