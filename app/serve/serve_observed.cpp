#include "app/serve/serve_observed.hpp"

#include <filesystem>

#include <toml++/toml.h>

#include "analysis/moments.hpp"
#include "sim/diagnostics.hpp"

namespace clustersim::app {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// The targets files an observed file lists (`targets = ["../targets/x.toml"]`), as paths.
std::vector<fs::path> listed_targets(const fs::path& observed) {
  toml::table table;
  try {
    table = toml::parse_file(observed.string());
  } catch (const toml::parse_error& error) {
    throw InputError(observed.string() + ": " + std::string(error.description()));
  }
  const auto* list = table["targets"].as_array();
  if (!list) throw InputError(observed.string() + ": expected targets = [\"file.toml\", ...]");
  std::vector<fs::path> out;
  for (const auto& item : *list) {
    const auto* name = item.as_string();
    if (!name) throw InputError(observed.string() + ": targets: expected file names (strings)");
    out.push_back(observed.parent_path() / name->get());
  }
  return out;
}

bool inside(const Calendar& calendar, YearMonth month) {
  return months_between(calendar.start, month) >= 0 && months_between(month, calendar.end) >= 0;
}

}  // namespace

json observed_json(const std::string& scenarios_folder, const std::string& shipped_name,
                   const Calendar& calendar) {
  json out = json::array();
  if (shipped_name.empty()) return out;  // an upload has no observed file
  const fs::path observed =
      fs::path(scenarios_folder) / "observed" / fs::path(shipped_name).filename();
  std::error_code error;
  if (!fs::is_regular_file(observed, error)) return out;
  for (const auto& path : listed_targets(observed)) {
    for (const auto& target : read_targets(path.string())) {
      const bool level =
          target.reduction == Reduction::final || target.reduction == Reduction::mean;
      const YearMonth from = target.reduction == Reduction::final ? target.to : target.from;
      if (!level || !inside(calendar, from) || !inside(calendar, target.to)) continue;
      out.push_back({{"metric", target.metric},
                     {"name", target.name},
                     {"reduction", std::string(name_of(kReductionNames, target.reduction))},
                     {"from", from.to_string()},
                     {"to", target.to.to_string()},
                     {"value", target.value},
                     {"standard_error", target.standard_error},
                     {"source", target.source}});
    }
  }
  return out;
}

}  // namespace clustersim::app
