// clustersim: agent-based simulation of innovation in scientific-industrial clusters.
#include <H5Cpp.h>

#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "app/command_table.hpp"
#include "build_info.hpp"
#include "sim/diagnostics.hpp"

namespace {

std::string quote_argument(const std::string& arg) {
  if (arg.find_first_of(" \t\"'") == std::string::npos && !arg.empty()) return arg;
  std::string out = "'";
  for (char c : arg) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  std::string command_line = "clustersim";
  for (const auto& a : args) command_line.append(" ").append(quote_argument(a));
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    std::cout << clustersim::app::usage_text() << '\n';
    return args.empty() ? 2 : 0;
  }
  if (args[0] == "--version") {
    std::cout << "clustersim " << clustersim::build_info::version << " ("
              << clustersim::build_info::git_commit << ", " << clustersim::build_info::build_type
              << ")\n";
    return 0;
  }
  try {
    return clustersim::app::dispatch(args, command_line);
  } catch (const clustersim::InputError& error) {
    std::cerr << error.diagnostics().to_string();
    const auto n = error.diagnostics().items().size();
    if (n > 1) std::cerr << n << " problems found.\n";
    return 2;
  } catch (const std::exception& error) {
    std::cerr << "clustersim: error: " << error.what() << '\n';
    return 1;
  } catch (const H5::Exception& error) {
    // HDF5's exceptions are not std::exceptions; the writer converts its own, this is
    // the last resort so that none ends in std::terminate.
    std::cerr << "clustersim: error: HDF5: " << error.getFuncName() << ": " << error.getDetailMsg()
              << '\n';
    return 1;
  }
}
