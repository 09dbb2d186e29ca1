#include "app/serve/serve_api.hpp"

#include <sys/socket.h>

#include <cctype>
#include <cerrno>
#include <chrono>
#include <filesystem>
#include <iomanip>
#include <optional>
#include <random>
#include <sstream>

#include "app/serve/serve_access.hpp"
#include "app/serve/serve_experiments.hpp"
#include "app/serve/serve_static.hpp"
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
  } catch (const SessionEnded& error) {
    res.status = 410;
    res.set_content(dump({{"error", error.what()}, {"session_ended", true}}), "application/json");
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

// The bytes of standard base64 `text` (RFC 4648, padded); nullopt when it is not base64.
std::optional<std::string> base64_bytes(const std::string& text) {
  static const std::string kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  if (text.size() % 4 != 0) return std::nullopt;
  std::string out;
  out.reserve(text.size() / 4 * 3);
  for (std::size_t i = 0; i < text.size(); i += 4) {
    std::uint32_t group = 0;
    int padding = 0;
    for (std::size_t k = 0; k < 4; ++k) {
      const char c = text[i + k];
      const bool last_group = i + 4 == text.size();
      if (c == '=' && last_group && k >= 2 && (k == 3 || text[i + 3] == '=')) {
        ++padding;
        group <<= 6;
        continue;
      }
      const auto at = kAlphabet.find(c);
      if (at == std::string::npos || padding > 0) return std::nullopt;
      group = (group << 6) | std::uint32_t(at);
    }
    for (int k = 0; k < 3 - padding; ++k) out.push_back(char((group >> (16 - 8 * k)) & 0xFF));
  }
  return out;
}

// An upload as the page sends it: the file's bytes in base64, so a file that is not UTF-8
// reaches the loader as it is and gets the CLI's message (a browser decoding it as text
// would have replaced the bad bytes); `text` is accepted too.
std::string upload_text(const json& upload, const std::string& name) {
  if (!upload.contains("base64")) return upload.at("text").get<std::string>();
  const auto bytes = base64_bytes(upload.at("base64").get<std::string>());
  if (!bytes)
    throw InputError(name +
                     ": the upload is not base64 (expected the file's bytes as the "
                     "page encodes them)");
  return *bytes;
}

// The page's fields as the CLI's arguments, so every message is the CLI's.
ScenarioInput input_of(const json& body) {
  ScenarioInput input;
  if (body.contains("upload")) {
    input.upload_name = body.at("upload").value("name", "upload.toml");
    input.upload_text = upload_text(body.at("upload"), input.upload_name);
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

// The screening's fields; numbers may come as the text typed (the server says what is
// wrong with it).
MorrisRequest morris_request(const json& body) {
  MorrisRequest request;
  for (const auto& lever : body.at("levers"))
    request.levers.push_back(
        {lever.at("key").get<std::string>(), text_of(lever.at("low")), text_of(lever.at("high"))});
  request.metric = body.at("metric").get<std::string>();
  if (body.contains("trajectories")) {
    const std::string text = text_of(body["trajectories"]);
    if (text.empty() || text.size() > 6 ||
        text.find_first_not_of("0123456789") != std::string::npos)
      throw InputError("sensitivity: trajectories \"" + text + "\": expected a whole number");
    request.trajectories = std::stoi(text);
  }
  return request;
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

// The page names its token in a <meta> element; the server fills it in.
void insert_token(std::string& page, const std::string& token) {
  static const std::string kPlaceholder = "@CLUSTERSIM_TOKEN@";
  if (const auto at = page.find(kPlaceholder); at != std::string::npos)
    page.replace(at, kPlaceholder.size(), token);
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

}  // namespace

ServeApp::ServeApp(ServeConfig config, std::string token)
    : config_(std::move(config)),
      token_(std::move(token)),
      catalog_(config_.scenario_folder, config_.extra_scenario),
      slots_(config_.limits.max_jobs),
      memory_(config_.limits.max_memory) {}

ServeApp::~ServeApp() = default;

std::shared_ptr<ServeSession> ServeApp::new_session() {
  std::vector<std::shared_ptr<ServeSession>> closed;  // stopped outside the lock
  const std::lock_guard lock(sessions_mutex_);
  close_idle(closed);
  if (int(sessions_.size()) >= config_.max_sessions) {
    auto oldest = sessions_.begin();
    for (auto it = sessions_.begin(); it != sessions_.end(); ++it)
      if (it->second.last_used < oldest->second.last_used) oldest = it;
    close(oldest,
          "the server keeps at most " + std::to_string(config_.max_sessions) +
              " tabs, and a newer one made this, the least recently used, close",
          closed);
  }
  auto session = std::make_shared<ServeSession>(random_token(), config_.limits, slots_, memory_);
  sessions_[session->id()] = {session, Clock::now()};
  return session;
}

std::shared_ptr<ServeSession> ServeApp::session(const std::string& id) {
  std::shared_ptr<ServeSession> held;
  {
    std::vector<std::shared_ptr<ServeSession>> closed;
    const std::lock_guard lock(sessions_mutex_);
    close_idle(closed);
    const auto it = sessions_.find(id);
    if (it == sessions_.end()) {
      const auto ended = ended_.find(id);
      if (ended != ended_.end())
        throw SessionEnded("this tab's session was closed: " + ended->second +
                           ". Reload the page to start again.");
      throw SessionEnded("unknown session \"" + id + "\": reload the page");
    }
    it->second.last_used = Clock::now();
    held = it->second.session;
  }
  // The request's handle marks the session used again when the request ends, so idleness
  // counts from the end of a long request (a configure that builds many worlds). Made
  // outside the lock: its deleter takes the lock.
  return std::shared_ptr<ServeSession>(held.get(),
                                       [this, keep = held](ServeSession*) { touch(keep->id()); });
}

void ServeApp::touch(const std::string& id) {
  const std::lock_guard lock(sessions_mutex_);
  if (const auto it = sessions_.find(id); it != sessions_.end())
    it->second.last_used = Clock::now();
}

void ServeApp::close_idle_sessions() {
  std::vector<std::shared_ptr<ServeSession>> closed;
  const std::lock_guard lock(sessions_mutex_);
  close_idle(closed);
}

std::size_t ServeApp::session_count() {
  const std::lock_guard lock(sessions_mutex_);
  return sessions_.size();
}

// Sessions with no job and no request in progress (a request holds its own reference:
// a configure that builds many worlds takes a while) that no request named for
// config_.session_idle. Their tabs were closed, or left: the memory goes back.
void ServeApp::close_idle(std::vector<std::shared_ptr<ServeSession>>& closed) {
  const auto now = Clock::now();
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    const auto current = it++;
    const auto& session = current->second.session;
    if (now - current->second.last_used >= config_.session_idle && session.use_count() == 1 &&
        !session->busy())
      close(current,
            "no request came from it for " + std::to_string(config_.session_idle.count()) +
                " s (the server's idle limit)",
            closed);
  }
}

void ServeApp::close(std::map<std::string, SessionEntry>::iterator entry, const std::string& why,
                     std::vector<std::shared_ptr<ServeSession>>& closed) {
  constexpr std::size_t kRemembered = 4096;  // ended ids kept to tell their tabs why
  if (ended_order_.size() >= kRemembered) {
    ended_.erase(ended_order_.front());
    ended_order_.pop_front();
  }
  ended_[entry->first] = why;
  ended_order_.push_back(entry->first);
  closed.push_back(std::move(entry->second.session));
  sessions_.erase(entry);
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
  get(server, "/api/grid",
      [this](const httplib::Request& req) { return session_in_query(req)->grid_plot(); });
  post(server, "/api/sensitivity", [this](const httplib::Request& req) -> json {
    session_in_body(req)->sensitivity(catalog_, morris_request(body_of(req)));
    return {{"started", "sensitivity"}};
  });
  get(server, "/api/sensitivity",
      [this](const httplib::Request& req) { return session_in_query(req)->sensitivity_result(); });
}

void ServeApp::install_files(httplib::Server& server) {
  server.Get("/api/results.h5", [this](const auto& req, auto& res) {
    send_file(res, "application/x-hdf5", [&] {
      const auto session = session_in_query(req);
      auto bytes = session->results_file(config_.work_folder);
      return std::pair{file_stem(session->scenario_name()) + ".h5", std::move(bytes)};
    });
  });
  server.Get("/api/scenario.toml", [this](const auto& req, auto& res) {
    send_file(res, "application/toml", [&] {
      const auto session = session_in_query(req);
      return std::pair{file_stem(session->scenario_name()) + ".toml", session->scenario_toml()};
    });
  });
  server.Get("/api/grid.csv", [this](const auto& req, auto& res) {
    send_file(res, "text/csv", [&] {
      return std::pair{"grid.csv", session_in_query(req)->grid_csv()};
    });
  });
  // Everything else: the page and its libraries, by exact name only. The page carries
  // the server's token, which pages of other sites cannot read.
  server.Get(R"(/.*)", [this](const httplib::Request& req, httplib::Response& res) {
    if (auto file = static_file(req.path)) {
      if (file->content_type.starts_with("text/html")) insert_token(file->body, token_);
      res.set_content(file->body, file->content_type.c_str());
    } else {
      send_error(res, 404, "not found: " + req.path);
    }
  });
}

namespace {

// Every request passes the access policy first (app/serve_access.hpp), and every reply
// tells the browser to run no script but the page's own and to show it in no frame.
void guard_access(httplib::Server& server, const AccessPolicy& policy) {
  server.set_pre_routing_handler([&policy](const httplib::Request& req, httplib::Response& res) {
    res.set_header("Content-Security-Policy",
                   "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                   "img-src 'self' data:; frame-ancestors 'none'");
    res.set_header("X-Content-Type-Options", "nosniff");
    const std::string why =
        refusal(policy, {req.method, req.get_header_value("Host"), req.get_header_value("Origin"),
                         req.get_header_value("X-Clustersim-Token")});
    if (why.empty()) return httplib::Server::HandlerResponse::Unhandled;
    send_error(res, 403, "forbidden: " + why);
    return httplib::Server::HandlerResponse::Handled;
  });
}

// Only SO_REUSEADDR (a restarted server may take its port back at once): httplib's
// default also sets SO_REUSEPORT, with which a second server on a busy port starts
// silently and the two split the requests.
void exclusive_port(socket_t socket) {
  int yes = 1;
  ::setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, reinterpret_cast<const void*>(&yes), sizeof yes);
}

}  // namespace

ServeServer::ServeServer(ServeConfig config, const std::string& host, int port)
    : policy_(make_access_policy(host, config.allow_hosts)),
      app_(std::move(config), policy_.token),
      server_(std::make_unique<httplib::Server>()) {
  app_.install(*server_);
  guard_access(*server_, policy_);
  server_->set_socket_options(exclusive_port);
  errno = 0;
  port_ = port == 0                           ? server_->bind_to_any_port(host)
          : server_->bind_to_port(host, port) ? port
                                              : -1;
  if (port_ <= 0) {
    const int error = errno;
    throw ListenError(host, port, error == EADDRINUSE);
  }
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  // httplib's stop() does nothing before the loop runs, so a server stopped right
  // after it started would never end: wait for the loop.
  while (!server_->is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

namespace {

std::string listen_message(const std::string& host, int port, bool in_use) {
  const std::string where = host + ":" + std::to_string(port);
  return in_use ? "--port " + std::to_string(port) + ": " + where +
                      " is in use (another `clustersim serve` or another program listens "
                      "there; expected a free port: stop it, or choose another port, or 0 for "
                      "any free port)"
                : "--host " + host + ": cannot listen on " + where +
                      " (expected an address of this machine, such as 127.0.0.1)";
}

}  // namespace

ListenError::ListenError(const std::string& host, int port, bool in_use)
    : std::runtime_error(listen_message(host, port, in_use)), in_use(in_use) {}

ServeServer::~ServeServer() {
  stop();
}

void ServeServer::stop() {
  server_->stop();
  if (thread_.joinable()) thread_.join();
}

}  // namespace clustersim::app
