// `clustersim serve`: the browser interface, a local web server over the real engine.
#include <chrono>
#include <iostream>
#include <memory>
#include <thread>

#include "app/commands.hpp"
#include "app/memory_limit.hpp"
#include "app/options.hpp"
#include "app/serve/serve_api.hpp"
#include "models/scenario/scenario_loader.hpp"
#include "sim/diagnostics.hpp"
#include "sim/interrupt.hpp"

namespace clustersim::app {

namespace {

// The address a browser on this machine opens: a wildcard is no address to open (and
// its Host would be refused), an IPv6 literal needs brackets.
std::string address_to_open(const std::string& host) {
  if (host == "0.0.0.0" || host.empty()) return "127.0.0.1";
  if (host == "::") return "[::1]";
  return host.find(':') != std::string::npos ? "[" + host + "]" : host;
}

}  // namespace

int serve_command(const std::vector<std::string>& args) {
  po::options_description options("clustersim serve [SCENARIO] [options]");
  options.add_options()("help,h", "show this help")(
      "scenario", po::value<std::string>(),
      "scenario shown first (default: scenarios/tutorial.toml)")(
      "port", po::value<int>()->default_value(8080), "port (0: any free port)")(
      "host", po::value<std::string>()->default_value("127.0.0.1"),
      "address to listen on (127.0.0.1: this machine only)")(
      "max-size", po::value<double>()->default_value(kDefaultMaxRunSize),
      "largest run: firm slots x months x replications")(
      "max-jobs", po::value<int>()->default_value(4), "runs at once, all browser tabs")(
      "threads", po::value<int>()->default_value(0), "worker threads (0: all cores)")(
      "allow-host", po::value<std::vector<std::string>>()->composing(),
      "a further name requests may give as Host (e.g. the machine's DNS name when "
      "listening beyond loopback); repeatable")(
      "session-idle", po::value<int>()->default_value(600),
      "seconds after which a tab's session that no request named is closed");
  add_memory_option(options);
  po::positional_options_description positional;
  positional.add("scenario", 1);
  const auto parsed = parse_options(
      args, options, positional,
      "Starts a local web server: open the address it prints in a browser to run scenarios "
      "with sliders, live charts, the partner network, comparisons and grids. Scenarios "
      "are listed from ./scenarios; results files pass through ./.clustersim-serve.");
  if (!parsed) return 0;
  const auto& values = *parsed;
  const int port = values["port"].as<int>();
  if (port < 0 || port > 65535)
    throw InputError("command line: --port " + std::to_string(port) + ": expected 0 .. 65535");
  ServeConfig config;
  if (values.count("scenario")) {
    config.extra_scenario = values["scenario"].as<std::string>();
    load_scenario_file(config.extra_scenario);  // a bad file is reported now, as by `run`
  }
  config.limits.max_run_size = values["max-size"].as<double>();
  config.limits.max_jobs = std::max(1, values["max-jobs"].as<int>());
  config.limits.max_memory = memory_limit_option(values);
  const int idle = values["session-idle"].as<int>();
  if (idle < 1)
    throw InputError("command line: --session-idle " + std::to_string(idle) +
                     ": expected at least 1 (seconds)");
  config.session_idle = std::chrono::seconds(idle);
  if (values.count("allow-host"))
    config.allow_hosts = values["allow-host"].as<std::vector<std::string>>();
  const ThreadLimit limit(threads_option(values));
  install_interrupt_handlers();
  const std::string host = values["host"].as<std::string>();
  std::unique_ptr<ServeServer> server;
  try {
    server = std::make_unique<ServeServer>(config, host, port);
  } catch (const ListenError& error) {
    throw InputError("command line: " + std::string(error.what()));
  }
  if (!server->access().loopback) std::cerr << exposure_warning(server->access(), server->port());
  std::cout << "clustersim serve: http://" << address_to_open(host) << ":" << server->port()
            << "/ (Ctrl-C to stop)" << std::endl;
  for (int tick = 0; !interrupt_flag().load(); ++tick) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    if (tick % 50 == 0) server->app().close_idle_sessions();  // every 10 s
  }
  server->stop();
  std::cout << "clustersim serve: stopped" << std::endl;
  return 0;
}

}  // namespace clustersim::app
