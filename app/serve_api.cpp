#include "app/serve_api.hpp"

#include <cctype>
#include <chrono>
#include <filesystem>
#include <iomanip>
#include <random>
#include <sstream>

#include "app/serve_static.hpp"
#include "sim/diagnostics.hpp"

// Last: httplib.h pulls in <resolv.h>, whose `_res` macro breaks Eigen's headers if
// they come after it.
#include <httplib.h>

namespace clustersim::app {
using nlohmann::json;

namespace {

using Handler = std::function<json(const httplib::Request&)>;

// Invalid UTF-8 in a message (from an upload) is replaced rather than thrown.
std::string dump(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

void send_error(httplib::Response& res, int status, const std::string& error,
                const json& diagnostics = json::array()) {
  res.status = status;
  res.set_content(dump({{"error", error}, {"diagnostics", diagnostics}}), "application/json");
}

// Runs `respond` and turns every failure into a JSON error; nothing escapes.
void guard(httplib::Response& res, const std::function<void()>& respond) {
  try {
    respond();
  } catch (const InputError& error) {
    json lines = json::array();
    for (const auto& item : error.diagnostics().items()) lines.push_back(item.to_string());
    send_error(res, 400, error.diagnostics().to_string(), lines);
  } catch (const SessionConflict& error) {
    send_error(res, 409, error.what());
  } catch (const json::exception& error) {
    send_error(res, 400, std::string("bad request: ") + error.what());
  } catch (const std::exception& error) {
    send_error(res, 500, std::string("server error: ") + error.what());
  } catch (...) {
    send_error(res, 500, "server error");
  }
}

void reply(const httplib::Request& req, httplib::Response& res, const Handler& handler) {
  guard(res, [&] { res.set_content(dump(handler(req)), "application/json"); });
}

json body_of(const httplib::Request& req) {
  return req.body.empty() ? json::object() : json::parse(req.body);
}

std::string text_of(const json& value) {
  return value.is_string() ? value.get<std::string>() : value.dump();
}

std::vector<std::string> strings_of(const json& body, const char* key) {
  std::vector<std::string> out;
  if (body.contains(key))
    for (const auto& item : body.at(key)) out.push_back(text_of(item));
  return out;
}

std::vector<std::string> split_commas(const std::string& list) {
  std::vector<std::string> out;
  std::stringstream in(list);
  for (std::string item; std::getline(in, item, ',');)
    if (!item.empty()) out.push_back(item);
  return out;
}

// The page's fields as the CLI's arguments, so every message is the CLI's.
ScenarioInput input_of(const json& body) {
  ScenarioInput input;
  if (body.contains("upload")) {
    input.upload_name = body.at("upload").value("name", "upload.toml");
    input.upload_text = body.at("upload").at("text").get<std::string>();
  } else {
    input.shipped = body.at("scenario").get<std::string>();
  }
  const auto option = [&](const char* key, const char* flag) {
    if (!body.contains(key) || body[key].is_null()) return;
    const std::string value = text_of(body[key]);
    if (value.empty()) return;
    input.args.push_back(flag);
    input.args.push_back(value);
  };
  option("replications", "-r");
  option("seed", "--seed");
  for (const auto& set : strings_of(body, "sets")) {
    input.args.push_back("--set");
    input.args.push_back(set);
  }
  return input;
}

int replication_of(const std::string& text) {
  if (text.empty()) return 0;
  if (text.size() > 9 || text.find_first_not_of("0123456789") != std::string::npos)
    throw InputError("network: replication \"" + text + "\": expected a number");
  return std::stoi(text);
}

// A download: the body from `make`, or the same JSON errors as the API.
void send_file(httplib::Response& res, const char* type,
               const std::function<std::pair<std::string, std::string>()>& make) {
  guard(res, [&] {
    auto [name, body] = make();
    res.set_header("Content-Disposition", "attachment; filename=\"" + name + "\"");
    res.set_content(std::move(body), type);
  });
}

std::string file_stem(const std::string& name) {
  std::string stem;
  for (char c : name) stem += std::isalnum(static_cast<unsigned char>(c)) || c == '-' ? c : '_';
  return stem.empty() ? "results" : stem;
}

void post(httplib::Server& server, const char* path, Handler handler) {
  server.Post(path, [handler](const httplib::Request& req, httplib::Response& res) {
    reply(req, res, handler);
  });
}

void get(httplib::Server& server, const char* path, Handler handler) {
  server.Get(path, [handler](const httplib::Request& req, httplib::Response& res) {
    reply(req, res, handler);
  });
}

std::string random_id() {
  std::random_device device;
  std::ostringstream id;
  for (int i = 0; i < 4; ++i) id << std::hex << std::setw(8) << std::setfill('0') << device();
  return id.str();
}

}  // namespace

ServeApp::ServeApp(ServeConfig config)
    : config_(std::move(config)),
      catalog_(config_.scenario_folder, config_.extra_scenario),
      slots_(config_.limits.max_jobs) {}

ServeApp::~ServeApp() = default;

std::shared_ptr<ServeSession> ServeApp::new_session() {
  std::shared_ptr<ServeSession> evicted;  // stopped outside the lock
  const std::lock_guard lock(sessions_mutex_);
  if (int(sessions_.size()) >= config_.max_sessions) {
    auto oldest = last_used_.begin();
    for (auto it = last_used_.begin(); it != last_used_.end(); ++it)
      if (it->second < oldest->second) oldest = it;
    evicted = sessions_[oldest->first];
    sessions_.erase(oldest->first);
    last_used_.erase(oldest);
  }
  auto session = std::make_shared<ServeSession>(random_id(), config_.limits, slots_);
  sessions_[session->id()] = session;
  last_used_[session->id()] = ++clock_;
  return session;
}

std::shared_ptr<ServeSession> ServeApp::session(const std::string& id) {
  const std::lock_guard lock(sessions_mutex_);
  const auto it = sessions_.find(id);
  if (it == sessions_.end())
    throw SessionConflict("unknown session \"" + id + "\" (expired?): reload the page");
  last_used_[id] = ++clock_;
  return it->second;
}

void ServeApp::install(httplib::Server& server) {
  std::filesystem::create_directories(config_.work_folder);
  server.set_payload_max_length(4 << 20);  // uploads are scenario files
  install_run_routes(server);
  install_experiment_routes(server);
  install_files(server);
  server.set_exception_handler([](const auto&, httplib::Response& res, std::exception_ptr) {
    send_error(res, 500, "server error");
  });
}

std::shared_ptr<ServeSession> ServeApp::session_in_body(const httplib::Request& req) {
  return session(body_of(req).value("session", ""));
}

std::shared_ptr<ServeSession> ServeApp::session_in_query(const httplib::Request& req) {
  return session(req.get_param_value("session"));
}

void ServeApp::install_run_routes(httplib::Server& server) {
  get(server, "/api/scenarios", [this](const httplib::Request&) -> json {
    return {{"scenarios", catalog_.names()}, {"default", catalog_.default_name()}};
  });
  post(server, "/api/session", [this](const httplib::Request&) -> json {
    return {{"session", new_session()->id()}};
  });
  post(server, "/api/configure", [this](const httplib::Request& req) {
    return session_in_body(req)->configure(catalog_, input_of(body_of(req)));
  });
  const std::pair<const char*, void (ServeSession::*)()> controls[] = {
      {"/api/run", &ServeSession::run},
      {"/api/step", &ServeSession::step},
      {"/api/pause", &ServeSession::pause},
      {"/api/reset", &ServeSession::reset},
      {"/api/cancel", &ServeSession::cancel}};
  for (const auto& [path, action] : controls)
    post(server, path, [this, action](const httplib::Request& req) -> json {
      const auto session = session_in_body(req);
      ((*session).*action)();
      return session->state({});
    });
  get(server, "/api/state", [this](const httplib::Request& req) {
    return session_in_query(req)->state(split_commas(req.get_param_value("metrics")));
  });
  get(server, "/api/network", [this](const httplib::Request& req) {
    return session_in_query(req)->network(replication_of(req.get_param_value("replication")));
  });
}

void ServeApp::install_experiment_routes(httplib::Server& server) {
  post(server, "/api/compare", [this](const httplib::Request& req) -> json {
    const json body = body_of(req);
    session_in_body(req)->compare(catalog_, strings_of(body, "sets"), strings_of(body, "metrics"));
    return {{"started", "comparison"}};
  });
  post(server, "/api/grid", [this](const httplib::Request& req) -> json {
    const json body = body_of(req);
    std::vector<GridLever> levers;
    for (const auto& lever : body.at("levers"))
      levers.push_back({lever.at("key").get<std::string>(), strings_of(lever, "values")});
    session_in_body(req)->grid(catalog_, levers, strings_of(body, "metrics"));
    return {{"started", "grid"}};
  });
}

void ServeApp::install_files(httplib::Server& server) {
  server.Get("/api/results.h5", [this](const auto& req, auto& res) {
    send_file(res, "application/x-hdf5", [&] {
      const auto session = session_in_query(req);
      auto bytes = session->results_file(config_.work_folder);
      return std::pair{file_stem(session->scenario_name()) + ".h5", std::move(bytes)};
    });
  });
  server.Get("/api/grid.csv", [this](const auto& req, auto& res) {
    send_file(res, "text/csv", [&] {
      return std::pair{"grid.csv", session_in_query(req)->grid_csv()};
    });
  });
  // Everything else: the page and its libraries, by exact name only.
  server.Get(R"(/.*)", [](const httplib::Request& req, httplib::Response& res) {
    if (const auto file = static_file(req.path)) {
      res.set_content(file->body, file->content_type.c_str());
    } else {
      send_error(res, 404, "not found: " + req.path);
    }
  });
}

namespace {

// A web page elsewhere could reach a loopback server through a DNS name it controls
// (DNS rebinding); its requests name that host. Only requests naming the address the
// server listens on, or localhost, are served (any host when listening on all).
void accept_only_own_host(httplib::Server& server, const std::string& host) {
  if (host == "0.0.0.0" || host == "::") return;
  server.set_pre_routing_handler([host](const httplib::Request& req, httplib::Response& res) {
    const std::string named = req.get_header_value("Host");
    const std::string name =
        named.substr(0, named.rfind(':') == std::string::npos ? named.size() : named.rfind(':'));
    if (name == host || name == "localhost" || name == "127.0.0.1" || name == "[::1]")
      return httplib::Server::HandlerResponse::Unhandled;
    send_error(res, 403,
               "forbidden: requests must name this server (" + host + " or localhost), not \"" +
                   named + "\"");
    return httplib::Server::HandlerResponse::Handled;
  });
}

}  // namespace

ServeServer::ServeServer(ServeConfig config, const std::string& host, int port)
    : app_(std::move(config)), server_(std::make_unique<httplib::Server>()) {
  app_.install(*server_);
  accept_only_own_host(*server_, host);
  port_ = port == 0                           ? server_->bind_to_any_port(host)
          : server_->bind_to_port(host, port) ? port
                                              : -1;
  if (port_ <= 0)
    throw std::runtime_error("cannot listen on " + host + ":" + std::to_string(port) +
                             " (address in use, or not an address of this machine)");
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  // httplib's stop() does nothing before the loop runs, so a server stopped right
  // after it started would never end: wait for the loop.
  while (!server_->is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

ServeServer::~ServeServer() {
  stop();
}

void ServeServer::stop() {
  server_->stop();
  if (thread_.joinable()) thread_.join();
}

}  // namespace clustersim::app
