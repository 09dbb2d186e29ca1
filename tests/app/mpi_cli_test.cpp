// Experiments under `mpirun -np K clustersim ...` (app/mpi_runs.cpp): every experiment
// command writes, on 2 and 3 ranks (oversubscribed on a 2-core machine), the groups a
// one-process run writes, bit for bit; a rank that fails or dies ends the command within
// seconds with a message naming the rank and the run, and the runs that finished resume to
// the uninterrupted results. Skipped when the program was built without MPI, unless
// CLUSTERSIM_MPI_REQUIRED=1 (CI), which makes that a failure.
#include <sys/wait.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "analysis/run_journal.hpp"
#include "support/test_support.hpp"

namespace clustersim::testing {
namespace {

namespace fs = std::filesystem;

const std::string kShort = " --set calendar.end=2023-06 --set 'output.snapshots=[]' -q";

std::string text_of(const std::string& file) {
  std::ifstream in(file);
  return {std::istreambuf_iterator<char>(in), {}};
}

std::string tutorial() {
  return source_path("scenarios/tutorial.toml");
}

#ifdef CLUSTERSIM_HAVE_MPI
constexpr bool kBuiltWithMpi = true;
const char* const kMpiexec = CLUSTERSIM_MPIEXEC;
#else
constexpr bool kBuiltWithMpi = false;
const char* const kMpiexec = "";
#endif

// mpirun with `ranks` ranks of the program.
std::string launcher(int ranks) {
  // Root in CI containers; more ranks than cores; no cross-memory attach in containers.
  return std::string(kMpiexec) +
         " --allow-run-as-root --oversubscribe --mca btl_vader_single_copy_mechanism none -np " +
         std::to_string(ranks) + " " + binary_path();
}

CommandResult shell(const std::string& command) {
  CommandResult result;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (!pipe) throw std::runtime_error("cannot start " + command);
  std::array<char, 4096> buffer{};
  while (std::fgets(buffer.data(), int(buffer.size()), pipe)) result.output += buffer.data();
  const int status = ::pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

// `environment` (VAR=VALUE ...) then the program on `ranks` ranks with `arguments`.
CommandResult mpirun(int ranks, const std::string& arguments, const std::string& environment = "") {
  return shell(environment + " " + launcher(ranks) + " " + arguments);
}

class MpiCli : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!kBuiltWithMpi) {
      const char* required = std::getenv("CLUSTERSIM_MPI_REQUIRED");
      if (required && std::string(required) == "1")
        FAIL() << "CLUSTERSIM_MPI_REQUIRED=1 but the program was built without MPI "
                  "(install libopenmpi-dev and openmpi-bin, configure with -DCLUSTERSIM_MPI=ON)";
      GTEST_SKIP() << "built without MPI (CLUSTERSIM_MPI)";
    }
    folder_ = temporary_folder(std::string("mpi-") +
                               ::testing::UnitTest::GetInstance()->current_test_info()->name());
  }
  void TearDown() override {
    if (!folder_.empty()) fs::remove_all(folder_);
  }
  std::string path(const std::string& name) const { return folder_ + "/" + name; }

  // `command` in one process and on each of `ranks`: the same `groups`.
  void expect_ranks_equal_one_process(const std::string& command,
                                      const std::vector<std::string>& groups,
                                      const std::vector<int>& ranks) {
    const std::string one = path("one.h5");
    const auto alone = run_clustersim(command + " -o " + one);
    ASSERT_EQ(alone.exit_code, 0) << alone.output;
    for (int k : ranks) {
      const std::string many = path("ranks" + std::to_string(k) + ".h5");
      const auto result = mpirun(k, command + " -o " + many);
      ASSERT_EQ(result.exit_code, 0) << k << " ranks\n" << result.output;
      for (const auto& group : groups)
        EXPECT_EQ(group_contents(one, group), group_contents(many, group))
            << group << " on " << k << " ranks";
      fs::remove(many);
    }
    fs::remove(one);
  }
  std::string folder_;
};

const std::string kGrid = " -r 2 --vary parameters.transfer.rate=0,0.1,0.2";

TEST_F(MpiCli, grid_on_one_two_and_three_ranks_equals_one_process) {
  // -np 1: no distributor, the one process it always is, under mpirun.
  expect_ranks_equal_one_process("grid " + tutorial() + kShort + kGrid, {"/metrics", "/design"},
                                 {1, 2, 3});
  // Only rank 0 wrote: no stray file of a worker beside the results.
  for (const auto& entry : fs::directory_iterator(folder_))
    EXPECT_TRUE(entry.path().extension() == ".h5") << entry.path();
}

TEST_F(MpiCli, run_with_snapshots_sweep_and_sensitivity_on_ranks_equal_one_process) {
  // With snapshots: made on the workers, written by rank 0 as one process writes them.
  expect_ranks_equal_one_process("run " + tutorial() +
                                     " --set calendar.end=2023-06 --set "
                                     "'output.snapshots=[\"2022-12\",\"2023-03\"]' -q -r 3",
                                 {"/metrics", "/snapshots"}, {2, 3});
  expect_ranks_equal_one_process(
      "sweep " + tutorial() + kShort + " -r 2 --vary parameters.transfer.rate=0:0.2 --metric links",
      {"/sweep"}, {2});
  expect_ranks_equal_one_process("sensitivity " + tutorial() + kShort +
                                     " -r 2 --method morris -n 2 --metric links --param "
                                     "parameters.transfer.rate=0:0.2 --param "
                                     "parameters.innovation.start_rate=0.1:0.3",
                                 {"/metrics", "/design", "/sensitivity"}, {3});
}

TEST_F(MpiCli, searches_stress_and_calibrate_on_three_ranks_equal_one_process) {
  expect_ranks_equal_one_process("stress " + tutorial() + kShort +
                                     " --shock parameters.production.wage=0.05:0.5 --metric "
                                     "firms_alive --threshold 40 -r 2 --points 4 --refine 2",
                                 {"/stress"}, {3});
  const std::string targets = path("targets.toml");
  std::ofstream(targets) << "[[target]]\nname = \"links\"\nmetric = \"links\"\nreduction = "
                            "\"mean\"\nfrom = \"2023-01\"\nto = \"2023-06\"\nvalue = 60\n"
                            "standard_error = 5\nsource = \"a test\"\n\n[[target]]\nname = "
                            "\"firms\"\nmetric = \"firms_alive\"\nreduction = \"final\"\nto = "
                            "\"2023-06\"\nvalue = 40\nstandard_error = 2\nsource = \"a test\"\n";
  expect_ranks_equal_one_process("calibrate " + tutorial() + kShort +
                                     " --param parameters.transfer.rate=0:0.2 --targets " +
                                     targets + " -r 2 --starts 1 --evaluations 4",
                                 {"/calibration"}, {3});
  // The fitted scenario too, written by rank 0 alone.
  ASSERT_TRUE(fs::exists(path("one_fitted.toml")));
  EXPECT_EQ(text_of(path("one_fitted.toml")), text_of(path("ranks3_fitted.toml")));
}

TEST_F(MpiCli, compare_runs_on_rank_zero_alone) {
  const std::string a = path("a.h5"), b = path("b.h5");
  ASSERT_EQ(run_clustersim("run " + tutorial() + kShort + " -r 2 -o " + a).exit_code, 0);
  ASSERT_EQ(run_clustersim("run " + tutorial() + kShort +
                           " -r 2 --set parameters.transfer.rate=0.2 -o " + b)
                .exit_code,
            0);
  const auto result = mpirun(3, "compare " + a + " " + b);
  ASSERT_EQ(result.exit_code, 0) << result.output;
  const auto first = result.output.find("paired by replication");
  ASSERT_NE(first, std::string::npos) << result.output;
  EXPECT_EQ(result.output.find("paired by replication", first + 1), std::string::npos)
      << "printed by more than one rank:\n"
      << result.output;
}

TEST_F(MpiCli, bad_input_is_said_once_exits_2_and_writes_nothing) {
  const std::string out = path("g.h5");
  const auto result = mpirun(
      3, "grid " + tutorial() + kShort + kGrid + " --vary parameters.no_such_key=1 -o " + out);
  EXPECT_EQ(result.exit_code, 2) << result.output;
  const auto first = result.output.find("unknown key");
  ASSERT_NE(first, std::string::npos) << result.output;
  EXPECT_EQ(result.output.find("unknown key", first + 1), std::string::npos) << result.output;
  EXPECT_TRUE(fs::is_empty(folder_));
}

// Long enough to fail in the middle: a larger tutorial, 8 runs.
const std::string kSlowGrid =
    " --set firms.1.count=600 --set max_firms=0 -q -r 2 --threads 1"
    " --vary parameters.transfer.rate=0,0.05,0.1,0.15";

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

TEST_F(MpiCli, a_failing_rank_ends_the_command_naming_the_rank_and_run) {
  const std::string out = path("g.h5");
  const auto start = std::chrono::steady_clock::now();
  const auto result =
      mpirun(3, "grid " + tutorial() + kSlowGrid + " -o " + out, "CLUSTERSIM_FAIL_RUN=2/1");
  EXPECT_LT(seconds_since(start), 60.0) << "the command did not end soon after the failure";
  EXPECT_NE(result.exit_code, 0) << result.output;
  EXPECT_TRUE(contains(result.output, "failed making run (variant 2, replication 1)"))
      << result.output;
  EXPECT_TRUE(contains(result.output, "clustersim: error: rank ")) << result.output;
  EXPECT_TRUE(contains(result.output, "injected failure")) << result.output;
  EXPECT_FALSE(fs::exists(out));
  // What finished before is kept: the runs before (2, 1) that rank 0 received.
  EXPECT_GE(runs_kept(RunJournal::folder_for(out)), 1) << result.output;
}

TEST_F(MpiCli, a_rank_killed_mid_grid_ends_the_command_and_resumes_to_the_uninterrupted_file) {
  const std::string command = "grid " + tutorial() + kSlowGrid;
  const std::string out = path("resumed.h5");
  const auto start = std::chrono::steady_clock::now();
  const auto killed = mpirun(3, command + " -o " + out, "CLUSTERSIM_KILL_RUN=2/0");
  EXPECT_LT(seconds_since(start), 60.0) << "the command did not end soon after the kill";
  EXPECT_NE(killed.exit_code, 0) << killed.output;
  // mpirun names the rank that died; rank 0 what each rank was making.
  EXPECT_TRUE(contains(killed.output, "signal 9")) << killed.output;
  EXPECT_TRUE(contains(killed.output, "making run (variant 2, replication 0)")) << killed.output;
  ASSERT_FALSE(fs::exists(out));
  const int kept = runs_kept(RunJournal::folder_for(out));
  ASSERT_GE(kept, 1) << killed.output;
  ASSERT_LT(kept, 8) << killed.output;
  const auto resumed = mpirun(2, command + " --resume -o " + out);
  ASSERT_EQ(resumed.exit_code, 0) << resumed.output;
  ASSERT_EQ(run_clustersim(command + " -o " + path("whole.h5")).exit_code, 0);
  EXPECT_EQ(group_contents(path("whole.h5"), "/metrics"), group_contents(out, "/metrics"));
  EXPECT_EQ(group_contents(path("whole.h5"), "/design"), group_contents(out, "/design"));
}

TEST_F(MpiCli, rank_zero_killed_with_sigkill_resumes_to_the_uninterrupted_file) {
  const std::string command = "grid " + tutorial() + kSlowGrid;
  const std::string out = path("resumed.h5"), journal = RunJournal::folder_for(out);
  // Rank 0 (the child of mpirun whose environment says so) killed once 2 runs are kept.
  const auto killed = shell(
      launcher(3) + " " + command + " -o " + out + " & job=$!; for i in $(seq 600); do n=$(ls " +
      journal + " 2>/dev/null | grep -c '^run_'); [ \"$n\" -ge 2 ] && break; sleep 0.05; done; " +
      "for p in $(pgrep -P $job); do tr '\\0' '\\n' < /proc/$p/environ | grep -qx "
      "OMPI_COMM_WORLD_RANK=0 && kill -9 $p && echo killed rank 0; done; wait $job");
  ASSERT_TRUE(contains(killed.output, "killed rank 0")) << killed.output;
  EXPECT_NE(killed.exit_code, 0) << killed.output;
  ASSERT_FALSE(fs::exists(out));
  const int kept = runs_kept(journal);
  ASSERT_GE(kept, 2) << killed.output;
  ASSERT_LT(kept, 8) << killed.output;
  // The lock and temporary file of the killed rank 0 do not stand in the way.
  const auto resumed = mpirun(3, command + " --resume -o " + out);
  ASSERT_EQ(resumed.exit_code, 0) << resumed.output;
  ASSERT_EQ(run_clustersim(command + " -o " + path("whole.h5")).exit_code, 0);
  EXPECT_EQ(group_contents(path("whole.h5"), "/metrics"), group_contents(out, "/metrics"));
}

}  // namespace
}  // namespace clustersim::testing
