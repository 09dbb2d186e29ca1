#include "loaded_scenario.hpp"

#include "models/scenario/scenario_loader.hpp"

namespace clustersim::python {

LoadedScenario LoadedScenario::from_file(const std::string& path,
                                         std::vector<std::string> overrides) {
  LoadedScenario loaded{path, "", path, std::move(overrides), {}};
  loaded.scenario = load_scenario_file(path, loaded.overrides);
  return loaded;
}

LoadedScenario LoadedScenario::from_text(const std::string& text, const std::string& source_name,
                                         std::vector<std::string> overrides) {
  LoadedScenario loaded{"", text, source_name, std::move(overrides), {}};
  // `extends` of a text resolves as the program resolves it for a file in the current folder.
  loaded.scenario = load_scenario_text(text, source_name, loaded.overrides);
  return loaded;
}

LoadedScenario LoadedScenario::with(const std::vector<std::string>& more) const {
  auto overrides = this->overrides;
  overrides.insert(overrides.end(), more.begin(), more.end());
  return path.empty() ? from_text(text, source_name, overrides) : from_file(path, overrides);
}

}  // namespace clustersim::python
