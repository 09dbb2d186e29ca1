#pragma once
// File and text helpers shared by every test program; they need only the standard library,
// so the engine's tests (test_sim) use them without the model.
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace clustersim::testing {

// Absolute path of a file in the source tree, e.g. source_path("scenarios/tutorial.toml").
std::string source_path(const std::string& relative);
// A fresh empty folder under the system temporary folder, removed when the test program
// exits (kept when CLUSTERSIM_KEEP_TEST_FOLDERS is set).
std::string temporary_folder(const std::string& name);
// Writes `text` to `path`.
void write_file(const std::string& path, const std::string& text);

// The whole text of a file (empty when it cannot be read).
std::string read_text(const std::string& path);

// Whether `text` contains `part`, with both shown on failure.
::testing::AssertionResult contains(const std::string& text, const std::string& part);

// Every scenario file shipped in scenarios/, sorted by name.
std::vector<std::string> scenario_files();

}  // namespace clustersim::testing
