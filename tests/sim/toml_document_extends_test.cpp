// A text from elsewhere (an upload) may `extends` only files inside its scope's folder,
// however the name is spelled and wherever a link in that folder points.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "sim/diagnostics.hpp"
#include "sim/toml_document.hpp"
#include "support/files.hpp"

namespace clustersim {
namespace {

namespace fs = std::filesystem;
using testing::contains;

struct Folders {
  fs::path inside, outside;
};

// A folder of "shipped" files beside a secret one, with a link from inside to outside.
Folders make_folders() {
  const fs::path root = testing::temporary_folder("extends_scope");
  Folders folders{root / "scenarios", root / "private"};
  fs::create_directories(folders.inside);
  fs::create_directories(folders.outside);
  std::ofstream(folders.inside / "base.toml") << "a = 1\nb = 2\n";
  std::ofstream(folders.outside / "secret.toml") << "secret = \"do not read\"\n";
  std::error_code ignored;
  fs::create_symlink(folders.outside / "secret.toml", folders.inside / "link.toml", ignored);
  fs::create_symlink(folders.outside, folders.inside / "linked_folder", ignored);
  return folders;
}

std::string read_error(const std::string& text, const ExtendsScope& scope) {
  Diagnostics diagnostics;
  const auto table = read_document_text(text, "up.toml", diagnostics, scope);
  EXPECT_EQ(table.has_value(), diagnostics.empty());
  return diagnostics.to_string();
}

TEST(ExtendsScope, a_confined_text_reaches_files_in_its_folder) {
  const auto folders = make_folders();
  Diagnostics diagnostics;
  const auto table = read_document_text("extends = \"base.toml\"\nb = 3\n", "up.toml", diagnostics,
                                        {folders.inside, true});
  ASSERT_TRUE(table) << diagnostics.to_string();
  EXPECT_EQ(table->at_path("a").value<int>(), 1);
  EXPECT_EQ(table->at_path("b").value<int>(), 3);
}

TEST(ExtendsScope, a_confined_text_reaches_nothing_outside_however_named) {
  const auto folders = make_folders();
  const std::string secret = (folders.outside / "secret.toml").string();
  const std::string names[] = {secret, "../private/secret.toml", "link.toml",
                               "linked_folder/secret.toml", "./../private/./secret.toml"};
  for (const auto& name : names) {
    for (const std::string key : {"extends", "\"extends\"", "'extends'", "\"\\u0065xtends\""}) {
      const std::string error = read_error(key + " = '" + name + "'\n", {folders.inside, true});
      EXPECT_TRUE(contains(error, "up.toml:1:")) << key << " " << name << ": " << error;
      EXPECT_TRUE(contains(error, "outside the shipped scenarios' folder")) << error;
      EXPECT_FALSE(contains(error, "do not read")) << error;
    }
  }
}

// Whether a file outside exists is not told either: a missing one gets the same answer.
TEST(ExtendsScope, a_missing_file_outside_gets_the_same_answer) {
  const auto folders = make_folders();
  const std::string present =
      read_error("extends = '../private/secret.toml'\n", {folders.inside, true});
  const std::string missing =
      read_error("extends = '../private/none.toml'\n", {folders.inside, true});
  EXPECT_EQ(present.substr(0, present.find("got")), missing.substr(0, missing.find("got")));
}

// Without confinement (a file the user gave on the command line) extends goes anywhere.
TEST(ExtendsScope, an_unconfined_text_may_extend_any_file) {
  const auto folders = make_folders();
  Diagnostics diagnostics;
  const auto table = read_document_text("extends = '../private/secret.toml'\n", "cli.toml",
                                        diagnostics, {folders.inside, false});
  ASSERT_TRUE(table) << diagnostics.to_string();
  EXPECT_EQ(table->at_path("secret").value<std::string>(), "do not read");
}

}  // namespace
}  // namespace clustersim
