// The command table (app/command_table.hpp): one list behind the usage text, per-command
// help and dispatch.
#include "app/command_table.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "support/test_support.hpp"

namespace clustersim {
namespace {

using testing::contains;

TEST(CommandTable, names_are_unique_and_found) {
  std::set<std::string> names;
  for (const auto& command : app::commands()) {
    EXPECT_TRUE(names.insert(command.name).second) << command.name;
    EXPECT_EQ(app::find_command(command.name), &command);
    EXPECT_NE(command.main, nullptr) << command.name;
  }
  EXPECT_EQ(app::find_command("frobnicate"), nullptr);
  EXPECT_EQ(app::find_command(""), nullptr);
}

TEST(CommandTable, usage_lists_every_command_with_its_summary) {
  const auto usage = app::usage_text();
  for (const auto& command : app::commands()) {
    EXPECT_TRUE(contains(usage, "\n  " + std::string(command.name) + " ")) << command.name;
    EXPECT_TRUE(contains(usage, command.summary)) << command.name;
  }
}

TEST(CommandTable, unknown_command_suggests_the_closest_name) {
  EXPECT_EQ(app::unknown_command_message("rnu"),
            "clustersim: unknown command \"rnu\" (did you mean \"run\"? see --help)");
  EXPECT_TRUE(contains(app::unknown_command_message("stres"), "did you mean \"stress\"?"));
  EXPECT_TRUE(contains(app::unknown_command_message("comapre"), "did you mean \"compare\"?"));
  // Far from every name: no guess, the full list instead.
  const auto far = app::unknown_command_message("frobnicate");
  EXPECT_FALSE(contains(far, "did you mean"));
  for (const auto& command : app::commands())
    EXPECT_TRUE(contains(far, command.name)) << command.name;
}

TEST(CommandTableCli, help_and_dash_dash_help_list_every_command) {
  for (const std::string call : {"--help", "-h", "help"}) {
    const auto result = testing::run_clustersim(call);
    EXPECT_EQ(result.exit_code, 0) << call << ":\n" << result.output;
    EXPECT_TRUE(contains(result.output, "usage: clustersim COMMAND")) << call;
    for (const auto& command : app::commands())
      EXPECT_TRUE(contains(result.output, "\n  " + std::string(command.name) + " "))
          << call << ": " << command.name;
  }
}

TEST(CommandTableCli, every_command_has_help_by_both_routes) {
  for (const auto& command : app::commands()) {
    const std::string name = command.name;
    const auto direct = testing::run_clustersim(name + " --help");
    EXPECT_EQ(direct.exit_code, 0) << name << ":\n" << direct.output;
    EXPECT_TRUE(contains(direct.output, "clustersim")) << name;
    const auto via_help = testing::run_clustersim("help " + name);
    EXPECT_EQ(via_help.exit_code, 0) << name << ":\n" << via_help.output;
    EXPECT_EQ(via_help.output, direct.output) << name;
    if (name == "help") continue;
    EXPECT_TRUE(contains(direct.output, "clustersim " + name)) << name;
    EXPECT_TRUE(contains(direct.output, "--help")) << name;
  }
}

// Called bare, a command that needs a file names that file first, as its synopsis does,
// not whichever required option comes first by name (`stress` alone said --metric).
TEST(CommandTableCli, a_bare_command_says_its_first_argument_is_missing) {
  const std::pair<std::string, std::string> cases[] = {
      {"run", "SCENARIO"},  {"stress", "SCENARIO"},      {"sweep", "SCENARIO"},
      {"grid", "SCENARIO"}, {"sensitivity", "SCENARIO"}, {"calibrate", "SCENARIO"},
      {"compare", "A"},     {"merge", "PART"},           {"inspect", "FILE"}};
  for (const auto& [command, first] : cases) {
    const auto result = testing::run_clustersim(command);
    EXPECT_EQ(result.exit_code, 2) << command << ": " << result.output;
    EXPECT_TRUE(contains(result.output, "command line: " + first +
                                            " is missing (expected "
                                            "clustersim " +
                                            command))
        << command << ": " << result.output;
  }
}

TEST(CommandTableCli, unknown_command_exits_two_with_a_suggestion) {
  auto result = testing::run_clustersim("rnu");
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_TRUE(contains(result.output, "unknown command \"rnu\" (did you mean \"run\"?"));
  result = testing::run_clustersim("sweeep --metric links");
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_TRUE(contains(result.output, "did you mean \"sweep\"?"));
  result = testing::run_clustersim("help stres");
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_TRUE(contains(result.output, "unknown command \"stres\" (did you mean \"stress\"?"));
}

}  // namespace
}  // namespace clustersim
