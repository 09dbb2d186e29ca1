// `clustersim --version` (and so every results file) names the commit the binary was
// built from: the stamp is rewritten at build time, not only when CMake configures.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "support/test_support.hpp"

namespace clustersim {
namespace {

std::string head_commit() {
  const std::string command =
      "git -C '" + testing::source_path("") + "' rev-parse --short=12 HEAD 2>/dev/null";
  std::string out;
  if (FILE* pipe = popen(command.c_str(), "r")) {
    char buffer[64];
    while (fgets(buffer, sizeof buffer, pipe)) out += buffer;
    pclose(pipe);
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

TEST(Version, names_the_commit_checked_out_at_build_time) {
  const std::string commit = head_commit();
  if (commit.empty()) GTEST_SKIP() << "not a git checkout";
  const auto result = testing::run_clustersim("--version");
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_TRUE(testing::contains(result.output, "(" + commit));
}

}  // namespace
}  // namespace clustersim
