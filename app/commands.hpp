#pragma once
// The subcommands of the `clustersim` program. Each returns the process exit code:
// 0 success, 1 failure (including a mismatch or an interrupted run), 2 bad input.
#include <string>
#include <vector>

namespace clustersim::app {

int run_command(const std::vector<std::string>& args, const std::string& command_line);
int validate_command(const std::vector<std::string>& args);
int inspect_command(const std::vector<std::string>& args);
int rerun_command(const std::vector<std::string>& args);
int reference_command(const std::vector<std::string>& args);
int sweep_command(const std::vector<std::string>& args, const std::string& command_line);
int grid_command(const std::vector<std::string>& args, const std::string& command_line);
int sensitivity_command(const std::vector<std::string>& args, const std::string& command_line);
int calibrate_command(const std::vector<std::string>& args, const std::string& command_line);
int compare_command(const std::vector<std::string>& args);
int merge_command(const std::vector<std::string>& args);
int export_command(const std::vector<std::string>& args);
int plot_command(const std::vector<std::string>& args);
int serve_command(const std::vector<std::string>& args);
int stress_command(const std::vector<std::string>& args, const std::string& command_line);

}  // namespace clustersim::app
