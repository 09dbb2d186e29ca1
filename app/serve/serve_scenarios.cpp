#include "app/serve/serve_scenarios.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <sstream>

#include "app/options.hpp"
#include "models/cluster_model.hpp"
#include "models/scenario/scenario_loader.hpp"
#include "models/scenario/scenario_schema.hpp"
#include "sim/diagnostics.hpp"

namespace clustersim::app {
namespace fs = std::filesystem;
using nlohmann::json;

ScenarioCatalog::ScenarioCatalog(const std::string& folder, const std::string& extra)
    : folder_(folder) {
  if (!extra.empty()) {
    names_.push_back(fs::path(extra).filename().string());
    paths_.push_back(extra);
  }
  std::vector<fs::path> found;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(folder, error))
    if (entry.is_regular_file() && entry.path().extension() == ".toml")
      found.push_back(entry.path());
  std::sort(found.begin(), found.end());
  for (const auto& path : found) {
    const auto name = path.filename().string();
    if (std::find(names_.begin(), names_.end(), name) != names_.end()) continue;
    names_.push_back(name);
    paths_.push_back(path.string());
  }
  const auto tutorial = std::find(names_.begin(), names_.end(), "tutorial.toml");
  default_ = !extra.empty() || tutorial == names_.end() ? (names_.empty() ? "" : names_.front())
                                                        : *tutorial;
}

std::string ScenarioCatalog::path_of(const std::string& name) const {
  const auto it = std::find(names_.begin(), names_.end(), name);
  if (it == names_.end())
    throw InputError("scenario \"" + name + "\": not a shipped scenario (expected one of the " +
                     std::to_string(names_.size()) + " listed, or an upload)");
  return paths_[std::size_t(it - names_.begin())];
}

namespace {

// The overrides the CLI would derive from these arguments, with the CLI's messages.
std::vector<std::string> cli_overrides(const std::vector<std::string>& args) {
  po::options_description options("serve");
  add_ensemble_options(options);
  const auto values = parse_options(args, options, {}, "");
  if (!values) throw InputError("command line: --help is not a scenario option");
  return scenario_overrides(*values);
}

}  // namespace

Scenario ScenarioCatalog::load(const ScenarioInput& input) const {
  const auto overrides = cli_overrides(input.args);
  if (!input.shipped.empty()) return load_scenario_file(path_of(input.shipped), overrides);
  const std::string name = input.upload_name.empty() ? "upload.toml" : input.upload_name;
  // An upload may extend a shipped scenario by its name, and reach no other file.
  return load_scenario_text(input.upload_text, name, overrides, {folder_, true});
}

double run_size(const Scenario& scenario) {
  return double(scenario.firm_capacity()) * scenario.calendar.months() * scenario.replications;
}

void check_run_size(const Scenario& scenario, double limit) {
  const double size = run_size(scenario);
  if (size <= limit) return;
  std::ostringstream text;
  text << "run too large for the server: " << scenario.firm_capacity() << " firm slots x "
       << scenario.calendar.months() << " months x " << scenario.replications
       << " replications = " << size << " (limit " << limit
       << "); lower the replications, or run it with `clustersim run`";
  throw InputError(text.str());
}

}  // namespace clustersim::app
