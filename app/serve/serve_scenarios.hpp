#pragma once
// What the browser may load: the shipped scenarios (by name, from the working folder's
// scenarios/ and the SCENARIO given to `serve`), or an uploaded text, whose `extends`
// may name only files in the scenarios folder. Loading goes
// through the CLI's own option parsing (-r, --seed, --set), so bad values get the CLI's
// messages with file:line:col.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "models/scenario/scenario.hpp"

namespace clustersim::app {

// A scenario as the page names it: a shipped file, or an upload.
struct ScenarioInput {
  std::string shipped;      // a name listed by ScenarioCatalog, or ""
  std::string upload_name;  // the uploaded file's name (used in messages)
  std::string upload_text;
  std::vector<std::string> args;  // CLI arguments: -r N, --seed S, --set KEY=VALUE
};

class ScenarioCatalog {
 public:
  // `folder`: where shipped scenarios are (normally "scenarios"); `extra`: the file
  // given on the command line, if any.
  ScenarioCatalog(const std::string& folder, const std::string& extra);
  const std::vector<std::string>& names() const { return names_; }
  const std::string& default_name() const { return default_; }
  const std::string& folder() const { return folder_; }
  // The file of a listed name; throws InputError for any other name (no paths).
  std::string path_of(const std::string& name) const;
  // Loads with the input's CLI arguments. Throws InputError with every problem.
  Scenario load(const ScenarioInput& input) const;

 private:
  std::string folder_;
  std::vector<std::string> names_, paths_;
  std::string default_;
};

// Largest ensemble the server runs: firm slots x months x replications.
inline constexpr double kDefaultMaxRunSize = 2e7;
double run_size(const Scenario& scenario);
// Throws InputError with the run's size, the limit and how to get under it.
void check_run_size(const Scenario& scenario, double limit);

// Levers shown on the page for this scenario: a default set of parameters, each
// funder's budget and each center's funding, with unit, slider range, meaning and
// current value, from the schema's FieldSpecs.
nlohmann::json levers_json(const Scenario& scenario);

// Metric names, units and descriptions, in the model's order.
nlohmann::json metrics_json(const Scenario& scenario);

}  // namespace clustersim::app
