#include "support/files.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace clustersim::testing {

std::string source_path(const std::string& relative) {
  return std::string(CLUSTERSIM_SOURCE_DIR) + "/" + relative;
}

namespace {

// The folders this test program made, removed when it exits so that test runs leave
// nothing behind in the temporary folder (CLUSTERSIM_KEEP_TEST_FOLDERS keeps them, to look
// at a failure). Only the process that made them removes them: a death test's child that
// exits runs the exit handlers too, while its parent still uses the folders.
struct MadeFolders {
  std::mutex mutex;
  std::vector<std::filesystem::path> paths;
  pid_t owner = ::getpid();
};

MadeFolders& made_folders() {
  static auto* folders = new MadeFolders;  // never destroyed: the exit handler reads it
  return *folders;
}

void remove_made_folders() {
  auto& made = made_folders();
  if (::getpid() != made.owner || std::getenv("CLUSTERSIM_KEEP_TEST_FOLDERS")) return;
  std::lock_guard lock(made.mutex);
  for (const auto& path : made.paths) {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }
}

void remember_folder(const std::filesystem::path& folder) {
  auto& made = made_folders();
  std::lock_guard lock(made.mutex);
  if (made.paths.empty()) std::atexit(remove_made_folders);
  if (std::find(made.paths.begin(), made.paths.end(), folder) == made.paths.end())
    made.paths.push_back(folder);
}

}  // namespace

std::string temporary_folder(const std::string& name) {
  const auto folder = std::filesystem::temp_directory_path() /
                      ("clustersim-test-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(folder);
  std::filesystem::create_directories(folder);
  remember_folder(folder);
  return folder.string();
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path);
  if (!out) throw std::runtime_error("cannot write " + path);
  out << text;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

::testing::AssertionResult contains(const std::string& text, const std::string& part) {
  if (text.find(part) != std::string::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "\"" << text << "\" does not contain \"" << part << "\"";
}

std::vector<std::string> scenario_files() {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(source_path("scenarios")))
    if (entry.path().extension() == ".toml") files.push_back(entry.path().string());
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace clustersim::testing
