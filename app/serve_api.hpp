#pragma once
// The JSON HTTP API of `clustersim serve` and the static files, on a cpp-httplib
// server. Every handler catches everything: bad input is HTTP 400 with the CLI's
// messages, a request that does not fit the session's state 409, anything else 500;
// the server never stops on a request. Endpoints (docs/tutorial.md lists them too):
//   GET  /api/scenarios                    shipped scenarios and the default
//   POST /api/session                      a new session id (one per browser tab)
//   POST /api/configure {session, scenario | upload:{name,text}, replications, seed, sets}
//   POST /api/run | step | pause | reset | cancel {session}
//   GET  /api/state?session=&metrics=a,b   status, month, series (mean, 95% band)
//   GET  /api/network?session=&replication=r
//   POST /api/compare {session, sets, metrics}   variant = baseline + sets, same seeds
//   POST /api/grid {session, levers:[{key, values}], metrics}
//   GET  /api/grid.csv?session=   GET /api/results.h5?session=
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "app/serve_session.hpp"

namespace httplib {
class Server;
struct Request;
}  // namespace httplib

namespace clustersim::app {

struct ServeConfig {
  std::string scenario_folder = "scenarios";
  std::string extra_scenario;                     // SCENARIO given to `serve`
  std::string work_folder = ".clustersim-serve";  // results files pass through here
  ServeLimits limits;
  int max_sessions = 32;
};

class ServeApp {
 public:
  explicit ServeApp(ServeConfig config);
  ~ServeApp();
  void install(httplib::Server& server);

  std::shared_ptr<ServeSession> new_session();
  // Throws SessionConflict for an unknown id (expired or never made).
  std::shared_ptr<ServeSession> session(const std::string& id);
  const ScenarioCatalog& catalog() const { return catalog_; }
  const ServeConfig& config() const { return config_; }

 private:
  void install_run_routes(httplib::Server& server);
  void install_experiment_routes(httplib::Server& server);
  void install_files(httplib::Server& server);
  std::shared_ptr<ServeSession> session_in_body(const httplib::Request& req);
  std::shared_ptr<ServeSession> session_in_query(const httplib::Request& req);

  ServeConfig config_;
  ScenarioCatalog catalog_;
  JobSlots slots_;
  std::mutex sessions_mutex_;
  std::map<std::string, std::shared_ptr<ServeSession>> sessions_;
  std::map<std::string, long> last_used_;
  long clock_ = 0;
};

// A server on its own thread: tests and the command start one. port 0 takes any free
// port. Throws std::runtime_error when the address cannot be bound.
class ServeServer {
 public:
  ServeServer(ServeConfig config, const std::string& host, int port);
  ~ServeServer();
  int port() const { return port_; }
  void stop();

 private:
  ServeApp app_;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace clustersim::app
