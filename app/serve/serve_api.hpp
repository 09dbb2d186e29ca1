#pragma once
// The JSON HTTP API of `clustersim serve` and the static files, on a cpp-httplib
// server. Every handler catches everything: bad input is HTTP 400 with the CLI's
// messages, a request that does not fit the session's state 409, anything else 500;
// the server never stops on a request. Endpoints (docs/tutorial.md lists them too):
//   GET  /api/scenarios                    shipped scenarios and the default
//   POST /api/session                      a new session id (one per browser tab)
//   POST /api/configure {session, scenario | upload:{name, base64 | text}, replications,
//                       seed, sets}
//   POST /api/run | step | pause | reset | cancel {session}
//   GET  /api/state?session=&metrics=a,b   status, month, series (mean, 95% band)
//   GET  /api/network?session=&replication=r
//   POST /api/compare {session, sets, metrics}   variant = baseline + sets, same seeds
//   POST /api/grid {session, levers:[{key, values}], metrics}
//   GET  /api/grid?session=                the last grid at its last month, for the plot
//   POST /api/sensitivity {session, levers:[{key, low, high}], metric, trajectories}
//   GET  /api/sensitivity?session=         the last Morris screening: mu*, sigma, noise share
//   GET  /api/grid.csv?session=   GET /api/results.h5?session=
//   GET  /api/scenario.toml?session=       the loaded scenario resolved, for `clustersim run`
#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>

#include "app/serve/serve_access.hpp"
#include "app/serve/serve_session.hpp"

namespace httplib {
class Server;
struct Request;
}  // namespace httplib

namespace clustersim::app {

struct ServeConfig {
  std::string scenario_folder = "scenarios";
  std::string extra_scenario;                     // SCENARIO given to `serve`
  std::string work_folder = ".clustersim-serve";  // results files pass through here
  std::vector<std::string> allow_hosts;           // Host names besides the server's own
  ServeLimits limits;
  int max_sessions = 32;
  // A session no request has named for this long is closed and its memory freed (the
  // page asks for its state every minute while it is open).
  std::chrono::seconds session_idle{600};
};

// The server could not take its address; `in_use` when another program holds the port.
class ListenError : public std::runtime_error {
 public:
  ListenError(const std::string& host, int port, bool in_use);
  bool in_use;
};

class ServeApp {
 public:
  // `token`: the page's, which it sends with every request (app/serve_access.hpp).
  ServeApp(ServeConfig config, std::string token);
  ~ServeApp();
  void install(httplib::Server& server);

  // A new session; closes idle ones, and the least recently used when there are
  // max_sessions already.
  std::shared_ptr<ServeSession> new_session();
  // Throws SessionEnded for an unknown id, saying why when the server closed it.
  std::shared_ptr<ServeSession> session(const std::string& id);
  void close_idle_sessions();
  std::size_t session_count();
  const MemoryBudget& memory() const { return memory_; }
  const ScenarioCatalog& catalog() const { return catalog_; }
  const ServeConfig& config() const { return config_; }

 private:
  void install_run_routes(httplib::Server& server);
  void install_experiment_routes(httplib::Server& server);
  void install_files(httplib::Server& server);
  std::shared_ptr<ServeSession> session_in_body(const httplib::Request& req);
  std::shared_ptr<ServeSession> session_in_query(const httplib::Request& req);

  using Clock = std::chrono::steady_clock;
  struct SessionEntry {
    std::shared_ptr<ServeSession> session;
    Clock::time_point last_used;
  };
  // Under sessions_mutex_; the sessions closed go to `closed`, to be stopped (their
  // jobs joined) after the lock is released.
  void close_idle(std::vector<std::shared_ptr<ServeSession>>& closed);
  void touch(const std::string& id);
  void close(std::map<std::string, SessionEntry>::iterator entry, const std::string& why,
             std::vector<std::shared_ptr<ServeSession>>& closed);

  ServeConfig config_;
  std::string token_;
  ScenarioCatalog catalog_;
  JobSlots slots_;
  MemoryBudget memory_;
  std::mutex sessions_mutex_;
  std::map<std::string, SessionEntry> sessions_;
  std::map<std::string, std::string> ended_;  // closed session id -> why
  std::deque<std::string> ended_order_;
};

// A server on its own thread: tests and the command start one. port 0 takes any free
// port. Throws ListenError when the address cannot be bound.
class ServeServer {
 public:
  ServeServer(ServeConfig config, const std::string& host, int port);
  ~ServeServer();
  int port() const { return port_; }
  const AccessPolicy& access() const { return policy_; }
  ServeApp& app() { return app_; }
  void stop();

 private:
  AccessPolicy policy_;
  ServeApp app_;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace clustersim::app
