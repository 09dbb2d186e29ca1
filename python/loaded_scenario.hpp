#pragma once
// A scenario as Python holds it: where it came from (a file, or text with a name) and its
// overrides, so that experiments can load it again with more overrides (a design point, a
// calibration's candidate) exactly as the program's commands do.
#include <string>
#include <vector>

#include "models/scenario/scenario.hpp"

namespace clustersim::python {

struct LoadedScenario {
  std::string path;         // the file, or "" for text
  std::string text;         // the text when path is ""
  std::string source_name;  // how positions name the text
  std::vector<std::string> overrides;
  Scenario scenario;

  static LoadedScenario from_file(const std::string& path, std::vector<std::string> overrides);
  static LoadedScenario from_text(const std::string& text, const std::string& source_name,
                                  std::vector<std::string> overrides);
  // The same source with these overrides added after its own (throws InputError).
  LoadedScenario with(const std::vector<std::string>& more) const;
};

}  // namespace clustersim::python
