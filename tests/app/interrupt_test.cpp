// SIGTERM during `clustersim run`: exit 1, a clear message, and no file left behind.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "support/test_support.hpp"

namespace clustersim {
namespace {

namespace fs = std::filesystem;

struct Shell {
  int exit_code = -1;
  std::string output;
};

Shell run_shell(const std::string& script) {
  Shell result;
  const std::string command = "/bin/sh -c '" + script + "' 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return result;
  std::array<char, 4096> buffer{};
  while (std::fgets(buffer.data(), int(buffer.size()), pipe)) result.output += buffer.data();
  const int status = ::pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

TEST(Interrupt, sigterm_stops_run_without_leaving_files) {
  const auto folder = testing::temporary_folder("interrupt");
  const auto out = folder + "/big.h5";
  // Large enough to run for many seconds: 20,000 firms, 50 replications.
  const std::string run =
      testing::binary_path() + " run " + testing::source_path("scenarios/tutorial.toml") +
      " --set firms.1.count=20000 --set max_firms=0 -r 50 -q --threads 2 -o " + out;
  const auto start = std::chrono::steady_clock::now();
  const auto result = run_shell(run + " & pid=$!; sleep 1; kill -TERM $pid; wait $pid; echo rc=$?");
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  // The run was still going after one second, so the signal, not completion, ended it.
  EXPECT_NE(result.output.find("rc=1"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("interrupted"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("no results written"), std::string::npos) << result.output;
  EXPECT_LT(seconds, 15.0) << "the program did not stop promptly";
  EXPECT_FALSE(fs::exists(out));
  for (const auto& entry : fs::directory_iterator(folder))
    ADD_FAILURE() << "left behind: " << entry.path();  // e.g. .big.h5.tmp-PID
  fs::remove_all(folder);
}

TEST(Interrupt, interrupted_run_does_not_touch_existing_output) {
  const auto folder = testing::temporary_folder("interrupt-existing");
  const auto out = folder + "/big.h5";
  testing::write_file(out, "earlier");
  const std::string run = testing::binary_path() + " run " +
                          testing::source_path("scenarios/tutorial.toml") +
                          " --set firms.1.count=20000 -r 50 -q --threads 2 --force -o " + out;
  const auto result = run_shell(run + " & pid=$!; sleep 1; kill -INT $pid; wait $pid; echo rc=$?");
  EXPECT_NE(result.output.find("rc=1"), std::string::npos) << result.output;
  std::ifstream in(out);
  std::string text;
  std::getline(in, text);
  EXPECT_EQ(text, "earlier");
  int files = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(folder)) ++files;
  EXPECT_EQ(files, 1);
  fs::remove_all(folder);
}

}  // namespace
}  // namespace clustersim
