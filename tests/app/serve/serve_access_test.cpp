// Who may use `clustersim serve` (app/serve_access.hpp): the Host header must name the
// server (DNS rebinding), and requests that change anything must come from its page
// (same Origin, or its token) once it listens beyond loopback; a busy port is refused.
#include <memory>

#include "app/serve/serve_access.hpp"
#include "serve_fixture.hpp"

namespace clustersim::testing {
namespace {

using app::RequestFacts;

TEST(ServeAccess, host_names_and_loopback) {
  EXPECT_EQ(app::host_name_of("127.0.0.1:8080"), "127.0.0.1");
  EXPECT_EQ(app::host_name_of("[::1]:8080"), "::1");
  EXPECT_EQ(app::host_name_of("Example.ORG"), "example.org");
  EXPECT_TRUE(app::is_loopback_host("127.0.0.1"));
  EXPECT_TRUE(app::is_loopback_host("127.1.2.3"));
  EXPECT_TRUE(app::is_loopback_host("::1"));
  EXPECT_FALSE(app::is_loopback_host("127.example.org"));  // a name, whatever it resolves to
  EXPECT_FALSE(app::is_loopback_host("0.0.0.0"));
  EXPECT_FALSE(app::is_loopback_host("192.168.1.5"));
}

TEST(ServeAccess, on_loopback_a_foreign_host_or_a_cross_site_post_is_refused) {
  const auto policy = app::make_access_policy("127.0.0.1", {});
  EXPECT_TRUE(policy.loopback);
  EXPECT_EQ(app::refusal(policy, {"GET", "127.0.0.1:8080", "", ""}), "");
  EXPECT_EQ(app::refusal(policy, {"GET", "localhost:8080", "", ""}), "");
  // DNS rebinding: the page's own name resolves to 127.0.0.1 but is named in Host.
  EXPECT_NE(app::refusal(policy, {"GET", "attacker.example:8080", "", ""}), "");
  // A script on this machine (no Origin) may post; a page of another site may not.
  EXPECT_EQ(app::refusal(policy, {"POST", "127.0.0.1:8080", "", ""}), "");
  EXPECT_EQ(app::refusal(policy, {"POST", "127.0.0.1:8080", "http://127.0.0.1:8080", ""}), "");
  EXPECT_NE(app::refusal(policy, {"POST", "127.0.0.1:8080", "http://attacker.example", ""}), "");
  EXPECT_NE(app::refusal(policy, {"POST", "127.0.0.1:8080", "null", ""}), "");
}

TEST(ServeAccess, beyond_loopback_posts_need_the_page_origin_or_its_token) {
  const auto policy = app::make_access_policy("0.0.0.0", {"lab.example.org"});
  EXPECT_FALSE(policy.loopback);
  EXPECT_EQ(policy.token.size(), 32u);
  EXPECT_EQ(app::refusal(policy, {"GET", "lab.example.org:8080", "", ""}), "");
  EXPECT_NE(app::refusal(policy, {"GET", "attacker.example:8080", "", ""}), "");
  EXPECT_NE(app::refusal(policy, {"POST", "127.0.0.1:8080", "", ""}), "");  // no Origin, no token
  EXPECT_NE(app::refusal(policy, {"POST", "127.0.0.1:8080", "", "wrong"}), "");
  EXPECT_EQ(app::refusal(policy, {"POST", "127.0.0.1:8080", "", policy.token}), "");
  EXPECT_EQ(
      app::refusal(policy, {"POST", "lab.example.org:8080", "http://lab.example.org:8080", ""}),
      "");
  EXPECT_NE(app::refusal(policy, {"POST", "lab.example.org:8080", "http://attacker.example", ""}),
            "");
  EXPECT_EQ(app::refusal(policy, {"GET", "127.0.0.1:8080", "", ""}), "");  // reads need neither
}

TEST(ServeAccess, the_warning_names_the_address_the_names_and_the_token) {
  const auto policy = app::make_access_policy("0.0.0.0", {"lab.example.org"});
  const std::string warning = app::exposure_warning(policy, 8080);
  EXPECT_TRUE(contains(warning, "WARNING: listening on 0.0.0.0:8080, beyond this machine"));
  EXPECT_TRUE(contains(warning, "lab.example.org"));
  EXPECT_TRUE(contains(warning, "X-Clustersim-Token: " + policy.token));
}

// A server on all addresses, reached over loopback as a remote browser would reach it.
class ServeExposedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    app::ServeConfig config;
    config.scenario_folder = source_path("scenarios");
    config.work_folder = temporary_folder("serve_exposed");
    server_ = std::make_unique<app::ServeServer>(config, "0.0.0.0", 0);
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
    host_ = "127.0.0.1:" + std::to_string(server_->port());
  }
  int post(const httplib::Headers& headers) {
    const auto result = client_->Post("/api/session", headers, "{}", "application/json");
    return result ? result->status : 0;
  }
  std::unique_ptr<app::ServeServer> server_;
  std::unique_ptr<httplib::Client> client_;
  std::string host_;
};

TEST_F(ServeExposedTest, posts_without_origin_or_token_are_refused) {
  EXPECT_EQ(post({}), 403);
  EXPECT_EQ(post({{"Origin", "http://attacker.example"}}), 403);
  EXPECT_EQ(post({{"X-Clustersim-Token", "0123"}}), 403);
  EXPECT_EQ(post({{"Origin", "http://" + host_}}), 200);
  EXPECT_EQ(post({{"X-Clustersim-Token", server_->access().token}}), 200);
}

TEST_F(ServeExposedTest, a_foreign_host_header_is_refused) {
  const auto result = client_->Get("/api/scenarios", {{"Host", "attacker.example"}});
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 403);
  EXPECT_TRUE(contains(result->body, "requests must name this server"));
}

// The page carries the token, so the page itself can post.
TEST_F(ServeExposedTest, the_page_carries_the_token) {
  const auto page = client_->Get("/");
  ASSERT_TRUE(page);
  EXPECT_TRUE(contains(page->body, "content=\"" + server_->access().token + "\""));
  EXPECT_TRUE(contains(page->get_header_value("Content-Security-Policy"), "script-src 'self'"));
}

TEST(ServeCommand, warns_when_listening_beyond_loopback) {
  // SIGTERM after 3 s: the server stops cleanly.
  const auto result = run_clustersim(
      "serve --host 0.0.0.0 --port 0 2>&1 & pid=$!; sleep 3; "
      "kill -TERM $pid; wait $pid");
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_TRUE(contains(result.output, "WARNING: listening on 0.0.0.0:"));
  // The address printed is one a browser here can open and the server answers.
  EXPECT_TRUE(contains(result.output, "clustersim serve: http://127.0.0.1:"));
  EXPECT_TRUE(contains(result.output, "X-Clustersim-Token: "));
}

TEST(ServeCommand, loopback_prints_no_warning) {
  const auto result =
      run_clustersim("serve --port 0 2>&1 & pid=$!; sleep 2; kill -TERM $pid; wait $pid");
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_FALSE(contains(result.output, "WARNING"));
}

// A second server on a busy port must not start (with SO_REUSEPORT it did, silently,
// and the two split the requests); `timeout` ends it if it does start.
TEST_F(ServeTest, a_second_server_on_the_same_port_refuses_to_start) {
  const int port = server_->port();
  const auto result =
      run_clustersim("serve --port " + std::to_string(port) +
                     " 2>&1 & pid=$!; sleep 4; "
                     "if kill -TERM $pid 2>/dev/null; then wait $pid; echo still running; "
                     "exit 9; fi; wait $pid");
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_TRUE(contains(result.output, "--port " + std::to_string(port) +
                                          ": 127.0.0.1:" + std::to_string(port) + " is in use"));
  // The first server still answers every request.
  for (int i = 0; i < 5; ++i) EXPECT_EQ(get("/api/scenarios").first, 200);
}

}  // namespace
}  // namespace clustersim::testing
