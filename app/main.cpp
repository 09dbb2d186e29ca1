// clustersim: agent-based simulation of innovation in scientific-industrial clusters.
#include <H5Cpp.h>

#include <chrono>
#include <cstdio>
#include <exception>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "analysis/run_distribution.hpp"
#include "app/command_table.hpp"
#include "app/mpi_runs.hpp"
#include "build_info.hpp"
#include "sim/diagnostics.hpp"

namespace {

std::string quote_argument(const std::string& arg) {
  if (arg.find_first_of(" \t\"'") == std::string::npos && !arg.empty()) return arg;
  std::string out = "'";
  for (char c : arg) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// The commands whose runs every rank of an MPI job makes; under mpirun the others run on
// rank 0 alone.
bool runs_on_every_rank(const std::string& command) {
  for (const char* name : {"run", "grid", "sweep", "sensitivity", "calibrate", "stress"})
    if (command == name) return true;
  return false;
}

// `rank` > 0: a worker, whose bad input goes to `held` (rank 0 says the same first).
int run_program(const std::vector<std::string>& args, int rank, std::string& held);

}  // namespace

int main(int argc, char** argv) {
  clustersim::app::MpiJob job(&argc, &argv);
  const std::vector<std::string> args(argv + 1, argv + argc);
  const bool worker = job.rank() > 0;
  // Rank 0 speaks for the job: the workers' reports and tables go nowhere.
  if (worker && !std::freopen("/dev/null", "w", stdout)) std::cout.rdbuf(nullptr);
  if (job.distributor()) {
    if (worker && (args.empty() || !runs_on_every_rank(args[0]))) return 0;
    if (!args.empty() && runs_on_every_rank(args[0]))
      clustersim::set_run_distributor(job.distributor());
  }
  std::string held;
  const int code = run_program(args, job.rank(), held);
  // A rank that failed or was stopped ends them all, so that none waits for work forever.
  // A worker's bad input is usually rank 0's too, and rank 0 has said what was wrong and
  // ended the job within these seconds; a worker still here had bad input of its own (a
  // file missing on its node) and says so.
  if (code == 2 && worker) {
    std::this_thread::sleep_for(std::chrono::seconds(3));
    std::cerr << "clustersim: rank " << job.rank() << ": " << held;
  }
  if (code != 0) job.end_all(code);
  return code;
}

namespace {

int run_program(const std::vector<std::string>& args, int rank, std::string& held) {
  const bool worker = rank > 0;
  const std::string who = worker ? " (rank " + std::to_string(rank) + ")" : "";
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
  } catch (const clustersim::WorkerDone&) {
    return 0;  // a worker rank: rank 0 writes the results
  } catch (const clustersim::InputError& error) {
    if (worker) {  // every rank checks the same input; rank 0 says what was wrong
      held = error.diagnostics().to_string();
      return 2;
    }
    std::cerr << error.diagnostics().to_string();
    const auto n = error.diagnostics().items().size();
    if (n > 1) std::cerr << n << " problems found.\n";
    return 2;
  } catch (const std::exception& error) {
    std::cerr << "clustersim: error" << who << ": " << error.what() << '\n';
    return 1;
  } catch (const H5::Exception& error) {
    // HDF5's exceptions are not std::exceptions; the writer converts its own, this is
    // the last resort so that none ends in std::terminate.
    std::cerr << "clustersim: error" << who << ": HDF5: " << error.getFuncName() << ": "
              << error.getDetailMsg() << '\n';
    return 1;
  }
}

}  // namespace
