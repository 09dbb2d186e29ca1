#include "app/command_table.hpp"

#include <cstdio>
#include <iostream>

#include "app/commands.hpp"
#include "app/options.hpp"

namespace clustersim::app {
namespace {

using Args = std::vector<std::string>;

int help_command(const Args& args, const std::string& command_line) {
  if (args.empty() || args.front() == "--help" || args.front() == "-h") {
    std::cout << usage_text() << '\n';
    return 0;
  }
  return dispatch({args.front(), "--help"}, command_line);
}

}  // namespace

const std::vector<Command>& commands() {
  static const std::vector<Command> table = {
      {"run", "SCENARIO", "run a scenario and write results to HDF5", run_command},
      {"validate", "SCENARIO", "check a scenario and print it fully resolved",
       [](const Args& args, const std::string&) { return validate_command(args); }},
      {"inspect", "FILE", "summarise a results file",
       [](const Args& args, const std::string&) { return inspect_command(args); }},
      {"rerun", "FILE", "rerun the scenario stored in a results file and compare",
       [](const Args& args, const std::string&) { return rerun_command(args); }},
      {"merge", "PART... -o FILE", "join the parts of an experiment run in shards (--shard I/N)",
       [](const Args& args, const std::string&) { return merge_command(args); }},
      {"compare", "A.h5 B.h5", "differences of metrics between two results files (paired)",
       [](const Args& args, const std::string&) { return compare_command(args); }},
      {"export", "FILE --tidy-csv", "write a results file of any kind as a tidy CSV table",
       [](const Args& args, const std::string&) { return export_command(args); }},
      {"plot", "FILE...", "draw report-ready figures (PNG) of results files of any kind",
       [](const Args& args, const std::string&) { return plot_command(args); }},
      {"reference", "", "print the scenario key reference (Markdown)",
       [](const Args& args, const std::string&) { return reference_command(args); }},
      {"stress", "SCENARIO", "find the shock at which a metric crosses a threshold",
       stress_command},
      {"sweep", "SCENARIO", "rank scenario keys by their effect on a metric (sensitivity)",
       sweep_command},
      {"grid", "SCENARIO", "run a scenario over a design of points (factorial or hypercube)",
       grid_command},
      {"sensitivity", "SCENARIO", "Morris or Sobol global sensitivity of a metric",
       sensitivity_command},
      {"calibrate", "SCENARIO", "fit scenario keys to observed moments (simulated moments)",
       calibrate_command},
      {"serve", "[SCENARIO]", "explore scenarios in a browser (local web server)",
       [](const Args& args, const std::string&) { return serve_command(args); }},
      {"help", "[COMMAND]", "list the commands, or show the help of one", help_command},
  };
  return table;
}

const Command* find_command(const std::string& name) {
  for (const auto& command : commands())
    if (name == command.name) return &command;
  return nullptr;
}

std::string usage_text() {
  std::string text = "usage: clustersim COMMAND [OPTIONS]\n\ncommands:\n";
  char line[256];
  for (const auto& command : commands()) {
    const std::string call = std::string(command.name) + " " + command.arguments;
    std::snprintf(line, sizeof line, "  %-22s %s\n", call.c_str(), command.summary);
    text += line;
  }
  return text + "\nEach command takes --help. Exit codes: 0 success, 1 failure, 2 bad input.";
}

std::string unknown_command_message(const std::string& name) {
  std::vector<std::string> names;
  std::string expected;
  for (const auto& command : commands()) names.push_back(command.name);
  for (std::size_t i = 0; i < names.size(); ++i)
    expected += (i == 0 ? "" : i + 1 == names.size() ? " or " : ", ") + names[i];
  const auto hint = did_you_mean(name, names);
  return "clustersim: unknown command \"" + name + "\" (" +
         (hint.empty() ? "expected " + expected + ";" : hint) + " see --help)";
}

int dispatch(const std::vector<std::string>& args, const std::string& command_line) {
  const Command* command = args.empty() ? nullptr : find_command(args.front());
  if (!command) {
    std::cerr << unknown_command_message(args.empty() ? "" : args.front()) << '\n';
    return 2;
  }
  return command->main(Args(args.begin() + 1, args.end()), command_line);
}

}  // namespace clustersim::app
