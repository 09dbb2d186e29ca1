#pragma once
// Observed data the page draws beside the model: for a shipped scenario NAME.toml, the
// file observed/NAME.toml in the scenarios folder lists calibration targets files
// (docs/calibration.md's [[target]] tables, each value with its source), read with the
// calibration's own reader. Only levels can sit on a monthly chart: a target reduced
// with `final` (a value at a month) or `mean` (a level over a window); sums, rates and
// growths are left out.
#include <string>

#include <nlohmann/json.hpp>

#include "sim/calendar.hpp"

namespace clustersim::app {

// [{metric, name, reduction, from, to, value, standard_error, source}] inside the
// calendar; [] when the scenario has no observed file. Throws InputError naming the file
// when it or a targets file it lists is malformed.
nlohmann::json observed_json(const std::string& scenarios_folder, const std::string& shipped_name,
                             const Calendar& calendar);

}  // namespace clustersim::app
