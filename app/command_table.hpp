#pragma once
// The table of `clustersim` commands: the one list behind the usage text of
// `clustersim --help`, per-command help (`clustersim help COMMAND`) and dispatch.
#include <string>
#include <vector>

namespace clustersim::app {

struct Command {
  const char* name;
  const char* arguments;  // shown after the name in the usage text
  const char* summary;
  // Runs the command on its arguments (without the program and command names) and
  // returns the exit code: 0 success, 1 failure, 2 bad input.
  int (*main)(const std::vector<std::string>& args, const std::string& command_line);
};

// Every command, in the order the usage text lists them.
const std::vector<Command>& commands();

// The command called `name`, or nullptr.
const Command* find_command(const std::string& name);

// The text of `clustersim --help`.
std::string usage_text();

// The message for an unknown command: the closest command name when one is close,
// else every command name.
std::string unknown_command_message(const std::string& name);

// Runs the command named by args[0] with the rest of `args`. An unknown command is
// reported on stderr and gives exit code 2.
int dispatch(const std::vector<std::string>& args, const std::string& command_line);

}  // namespace clustersim::app
