// `clustersim serve`: the browser interface, a local web server over the real engine.
#include <chrono>
#include <iostream>
#include <thread>

#include "app/commands.hpp"
#include "app/options.hpp"
#include "app/serve_api.hpp"
#include "models/scenario/scenario_loader.hpp"
#include "sim/diagnostics.hpp"
#include "sim/interrupt.hpp"

namespace clustersim::app {

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
      "threads", po::value<int>()->default_value(0), "worker threads (0: all cores)");
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
  const ThreadLimit limit(threads_option(values));
  install_interrupt_handlers();
  const std::string host = values["host"].as<std::string>();
  ServeServer server(config, host, port);
  std::cout << "clustersim serve: http://" << host << ":" << server.port() << "/ (Ctrl-C to stop)"
            << std::endl;
  while (!interrupt_flag().load()) std::this_thread::sleep_for(std::chrono::milliseconds(200));
  server.stop();
  std::cout << "clustersim serve: stopped" << std::endl;
  return 0;
}

}  // namespace clustersim::app
