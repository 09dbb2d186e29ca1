// clustersim: agent-based simulation of innovation in scientific-industrial clusters.
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "app/commands.hpp"
#include "build_info.hpp"
#include "sim/diagnostics.hpp"

namespace {

constexpr const char* kUsage = R"(usage: clustersim COMMAND [OPTIONS]

commands:
  run SCENARIO        run a scenario and write results to HDF5
  validate SCENARIO   check a scenario and print it fully resolved
  inspect FILE        summarise a results file
  rerun FILE          rerun the scenario stored in a results file and compare
  compare A.h5 B.h5   differences of metrics between two results files (paired)
  reference           print the scenario key reference (Markdown)
  stress SCENARIO     find the shock at which a metric crosses a threshold
  sweep SCENARIO      rank scenario keys by their effect on a metric (sensitivity)

Each command takes --help. Exit codes: 0 success, 1 failure, 2 bad input.)";

std::string quote_argument(const std::string& arg) {
  if (arg.find_first_of(" \t\"'") == std::string::npos && !arg.empty()) return arg;
  std::string out = "'";
  for (char c : arg) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  std::string command_line = "clustersim";
  for (const auto& a : args) command_line.append(" ").append(quote_argument(a));
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    std::cout << kUsage << '\n';
    return args.empty() ? 2 : 0;
  }
  if (args[0] == "--version") {
    std::cout << "clustersim " << clustersim::build_info::version << " ("
              << clustersim::build_info::git_commit << ", " << clustersim::build_info::build_type
              << ")\n";
    return 0;
  }
  const std::string command = args[0];
  args.erase(args.begin());
  try {
    if (command == "run") return clustersim::app::run_command(args, command_line);
    if (command == "validate") return clustersim::app::validate_command(args);
    if (command == "inspect") return clustersim::app::inspect_command(args);
    if (command == "rerun") return clustersim::app::rerun_command(args);
    if (command == "reference") return clustersim::app::reference_command(args);
    if (command == "sweep") return clustersim::app::sweep_command(args, command_line);
    if (command == "compare") return clustersim::app::compare_command(args);
    if (command == "stress") return clustersim::app::stress_command(args, command_line);
    std::cerr << "clustersim: unknown command \"" << command
              << "\" (expected run, validate, inspect, rerun, compare, stress, sweep or reference; "
                 "see --help)\n";
    return 2;
  } catch (const clustersim::InputError& error) {
    std::cerr << error.diagnostics().to_string();
    const auto n = error.diagnostics().items().size();
    if (n > 1) std::cerr << n << " problems found.\n";
    return 2;
  } catch (const std::exception& error) {
    std::cerr << "clustersim: error: " << error.what() << '\n';
    return 1;
  }
}
