#include "app/options.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <thread>

#include "models/scenario/scenario.hpp"
#include "sim/diagnostics.hpp"
#include "sim/results_file.hpp"
#include "sim/toml_document.hpp"

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
  } catch (const po::required_option& error) {
    // A missing positional argument is said first (notify finds the options in name order,
    // so `stress` alone said --metric), and named by the synopsis, not by its internal option.
    std::string name = error.get_option_name();
    name.erase(0, name.find_first_not_of('-'));
    for (unsigned k = 0; k < std::min(positional.max_total_count(), 16u); ++k) {
      const auto& first = positional.name_for_position(k);
      const auto* option = options.find_nothrow(first, false);
      if (!values.count(first) && option && option->semantic()->is_required()) {
        name = first;
        break;
      }
    }
    for (unsigned k = 0; k < std::min(positional.max_total_count(), 16u); ++k)
      if (positional.name_for_position(k) == name) {
        std::transform(name.begin(), name.end(), name.begin(),
                       [](unsigned char c) { return char(std::toupper(c)); });
        std::ostringstream help;  // its first line is the caption: the command's synopsis
        help << options;
        std::string synopsis;
        std::getline(std::istringstream(help.str()) >> std::ws, synopsis);
        while (!synopsis.empty() && (synopsis.back() == ':' || synopsis.back() == ' '))
          synopsis.pop_back();
        throw InputError("command line: " + name + " is missing (expected " + synopsis + ")");
      }
    throw InputError(std::string("command line: ") + error.what() + " (see --help)");
  } catch (const po::error& error) {
    throw InputError(std::string("command line: ") + error.what() + " (see --help)");
  }
  return values;
}

void add_ensemble_options(po::options_description& options) {
  options.add_options()("replications,r", po::value<int>(),
                        "replications (overrides the scenario)")(
      "seed", po::value<std::string>(),
      "base seed, 0 to 18446744073709551615 (overrides the scenario)")(
      "threads", po::value<int>()->default_value(0), "worker threads (0: all cores)")(
      "set", po::value<std::vector<std::string>>()->composing(),
      "override a scenario key, KEY=VALUE (repeatable)");
}

std::vector<std::string> scenario_overrides(const po::variables_map& values) {
  auto overrides = values.count("set") ? values["set"].as<std::vector<std::string>>()
                                       : std::vector<std::string>{};
  if (values.count("replications")) {
    // Checked here so that the message names the option typed, not an override.
    const int replications = values["replications"].as<int>();
    if (replications < 1 || replications > kMaxReplications)
      throw InputError("command line: -r/--replications " + std::to_string(replications) +
                       ": out of range (expected 1 .. " + std::to_string(kMaxReplications) + ")");
    overrides.push_back("replications=" + std::to_string(replications));
  }
  if (values.count("seed"))
    overrides.push_back("seed=" + std::to_string(seed_option(values["seed"].as<std::string>())));
  return overrides;
}

std::uint64_t seed_option(const std::string& text) {
  std::uint64_t seed = 0;
  const auto* end = text.data() + text.size();
  const auto [rest, error] = std::from_chars(text.data(), end, seed);
  if (text.empty() || error != std::errc() || rest != end)
    throw InputError("command line: --seed " + text +
                     ": expected an integer from 0 to 18446744073709551615");
  return seed;
}

int threads_option(const po::variables_map& values) {
  const int threads = values["threads"].as<int>();
  if (threads < 0)
    throw InputError("command line: --threads " + std::to_string(threads) +
                     ": expected 0 (all cores) or a positive number of threads");
  return threads;
}

std::string output_path(const po::variables_map& values, const std::string& scenario_path,
                        const std::string& suffix) {
  const std::string output = values.count("output")
                                 ? values["output"].as<std::string>()
                                 : std::filesystem::path(scenario_path).stem().string() + suffix;
  // The scenario and every file it extends are inputs, never to be written over.
  auto inputs = document_files(scenario_path);
  if (inputs.empty()) inputs.push_back(scenario_path);
  check_output_path(output, inputs, values.count("force") > 0,
                    values.count("output") ? "-o/--output" : "default output");
  return output;
}

std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates) {
  const auto near = closest_match(word, candidates);
  // closest_match allows half the word; a command or metric name wants a closer match
  // ("frobnicate" is not a misspelling of "validate").
  if (near.empty() || edit_distance(word, near) > std::max(2, int(word.size()) / 3)) return "";
  return "did you mean \"" + near + "\"?";
}

ThreadLimit::ThreadLimit(int threads)
    : threads_(threads > 0 ? threads : int(std::max(1u, std::thread::hardware_concurrency()))) {
  control_.emplace(tbb::global_control::max_allowed_parallelism, std::size_t(threads_));
}

}  // namespace clustersim::app
