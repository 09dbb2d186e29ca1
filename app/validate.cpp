#include <iostream>

#include "app/commands.hpp"
#include "app/options.hpp"
#include "models/scenario/scenario_loader.hpp"
#include "models/scenario/scenario_reference.hpp"
#include "models/scenario/scenario_writer.hpp"

namespace clustersim::app {

int validate_command(const std::vector<std::string>& args) {
  po::options_description options("clustersim validate SCENARIO [options]");
  options.add_options()("help,h", "show this help")(
      "scenario", po::value<std::string>()->required(), "scenario file (TOML)")(
      "set", po::value<std::vector<std::string>>()->composing(),
      "override a scenario key, KEY=VALUE (repeatable)");
  po::positional_options_description positional;
  positional.add("scenario", 1);
  const auto parsed = parse_options(args, options, positional,
                                    "Checks a scenario and prints it fully resolved (every key).");
  if (!parsed) return 0;
  const auto& vm = *parsed;
  const auto overrides =
      vm.count("set") ? vm["set"].as<std::vector<std::string>>() : std::vector<std::string>{};
  std::cout << to_toml(load_scenario_file(vm["scenario"].as<std::string>(), overrides));
  return 0;
}

int reference_command(const std::vector<std::string>& args) {
  po::options_description options("clustersim reference");
  options.add_options()("help,h", "show this help");
  const auto parsed = parse_options(args, options, {},
                                    "Prints the scenario key reference as Markdown "
                                    "(docs/scenario-reference.md is this output).");
  if (!parsed) return 0;
  std::cout << scenario_reference_markdown();
  return 0;
}

}  // namespace clustersim::app
