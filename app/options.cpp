#include "app/options.hpp"

#include <filesystem>
#include <iostream>
#include <thread>

#include <tbb/global_control.h>

#include "sim/diagnostics.hpp"

namespace clustersim::app {

std::optional<po::variables_map> parse_options(const std::vector<std::string>& args,
                                               const po::options_description& options,
                                               const po::positional_options_description& positional,
                                               const std::string& usage) {
  po::variables_map values;
  try {
    po::store(po::command_line_parser(args).options(options).positional(positional).run(), values);
    if (values.count("help")) {
      std::cout << usage << "\n\n" << options << '\n';
      return std::nullopt;
    }
    po::notify(values);
  } catch (const po::error& error) {
    throw InputError(std::string("command line: ") + error.what() + " (see --help)");
  }
  return values;
}

void add_ensemble_options(po::options_description& options) {
  options.add_options()("replications,r", po::value<int>(),
                        "replications (overrides the scenario)")(
      "seed", po::value<std::uint64_t>(), "base seed (overrides the scenario)")(
      "threads", po::value<int>()->default_value(0), "worker threads (0: all cores)")(
      "set", po::value<std::vector<std::string>>()->composing(),
      "override a scenario key, KEY=VALUE (repeatable)");
}

std::vector<std::string> scenario_overrides(const po::variables_map& values) {
  auto overrides = values.count("set") ? values["set"].as<std::vector<std::string>>()
                                       : std::vector<std::string>{};
  if (values.count("replications"))
    overrides.push_back("replications=" + std::to_string(values["replications"].as<int>()));
  if (values.count("seed"))
    overrides.push_back("seed=" + std::to_string(values["seed"].as<std::uint64_t>()));
  return overrides;
}

std::string output_path(const po::variables_map& values, const std::string& scenario_path,
                        const std::string& suffix) {
  const std::string output = values.count("output")
                                 ? values["output"].as<std::string>()
                                 : std::filesystem::path(scenario_path).stem().string() + suffix;
  const auto folder = std::filesystem::path(output).parent_path();
  if (!folder.empty() && !std::filesystem::is_directory(folder))
    throw InputError("--output " + output +
                     ": folder does not exist (expected an existing folder)");
  return output;
}

struct ThreadLimit::Impl {
  tbb::global_control control;
};

ThreadLimit::ThreadLimit(int threads)
    : impl_(nullptr),
      threads_(threads > 0 ? threads : int(std::max(1u, std::thread::hardware_concurrency()))) {
  impl_ = new Impl{
      tbb::global_control(tbb::global_control::max_allowed_parallelism, std::size_t(threads_))};
}

ThreadLimit::~ThreadLimit() {
  delete impl_;
}

}  // namespace clustersim::app
