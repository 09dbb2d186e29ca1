// `clustersim plot FILE... [-o DIR]`: report-ready figures of results files, drawn by
// tools/clustersim_plot.py (matplotlib). The program only finds the script and Debian's
// Python, so the figures need no C++ plotting library.
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <stdexcept>
#include <vector>

#include "app/commands.hpp"
#include "sim/diagnostics.hpp"

extern char** environ;

namespace clustersim::app {
namespace {

namespace fs = std::filesystem;

constexpr const char* kScript = "clustersim_plot.py";

// Debian's python3 has python3-h5py and python3-matplotlib; another python3 first on PATH
// (pyenv, a virtualenv) usually has neither. CLUSTERSIM_PYTHON overrides it.
std::string python_path() {
  const char* chosen = std::getenv("CLUSTERSIM_PYTHON");
  return chosen && *chosen ? chosen : "/usr/bin/python3";
}

// The script of an installed program (PREFIX/bin/clustersim, PREFIX/share/clustersim)
// before the source tree's, so an installed program never runs a newer checkout's
// script, and a build tree never runs an older installed one.
std::string script_path() {
  std::error_code error;
  const auto exe = fs::read_symlink("/proc/self/exe", error);
  std::vector<fs::path> candidates;
  if (!error) candidates.push_back(exe.parent_path().parent_path() / "share/clustersim" / kScript);
  candidates.push_back(fs::path(CLUSTERSIM_TOOLS_DIR) / kScript);
  candidates.push_back(fs::path(CLUSTERSIM_INSTALL_DATADIR) / kScript);
  for (const auto& candidate : candidates)
    if (fs::is_regular_file(candidate, error)) return candidate.string();
  std::string tried;
  for (const auto& candidate : candidates) tried += "\n  " + candidate.string();
  throw InputError(std::string("clustersim plot: cannot find ") + kScript + "; looked in:" + tried);
}

const char* kHelp =
    R"(clustersim plot FILE... [-o DIR] [--metrics a,b,c] [options]

Draws report-ready PNG figures of results files, one or more per file, by their kind:
  run          metric panels: mean and 95% band over replications, events marked
  compare      two run files A.h5 B.h5 with --compare: B - A over time, paired 95% interval
  grid         a metric against the design keys (a line per key, a heatmap for two)
  sensitivity  ranked mu* with sigma (Morris), or S1 and ST with intervals (Sobol)
  calibration  each moment's target +- 2 se against the simulated value; parameter intervals
  stress       the share of replications crossing the threshold against the shock
  sweep        a tornado of the paired effects high - low
  snapshots    with a run file: the partner network of each snapshot (replication 0)

Options:
  -h [ --help ]        show this help
  -o [ --output ] DIR  folder for the figures (default: the current folder)
  --metrics a,b,c      metrics to draw (run, compare, grid; default: a chosen few)
  --compare            treat two run files as A and B of a comparison
  --month YYYY-MM      column of grid files (default: the last)
  --force              replace figures that exist (else an existing one is bad input)

Runs tools/clustersim_plot.py with /usr/bin/python3 (CLUSTERSIM_PYTHON overrides), which
needs Debian's python3-h5py, python3-numpy and python3-matplotlib: exit 2 when they are
missing or a file is not a results file.)";

}  // namespace

int plot_command(const std::vector<std::string>& args) {
  for (const auto& arg : args)
    if (arg == "--help" || arg == "-h") {
      std::cout << kHelp << '\n';
      return 0;
    }
  const std::string python = python_path();
  if (::access(python.c_str(), X_OK) != 0)
    throw InputError("clustersim plot: " + python +
                     " not found (install python3, python3-h5py and python3-matplotlib, or set "
                     "CLUSTERSIM_PYTHON to a Python that has h5py and matplotlib)");
  std::vector<std::string> command = {python, script_path()};
  command.insert(command.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& word : command) argv.push_back(word.data());
  argv.push_back(nullptr);
  std::cout.flush();
  pid_t child = 0;
  if (const int error =
          ::posix_spawn(&child, python.c_str(), nullptr, nullptr, argv.data(), environ))
    throw std::runtime_error("clustersim plot: cannot start " + python + ": " +
                             std::to_string(error));
  int status = 0;
  while (::waitpid(child, &status, 0) < 0)
    if (errno != EINTR) throw std::runtime_error("clustersim plot: lost the plotting process");
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

}  // namespace clustersim::app
