#pragma once
// Loads a scenario: follows `extends`, applies `--set key=value` overrides, binds and
// validates every key, then checks cross references. Throws InputError listing every
// problem found.
#include <string>
#include <vector>

#include "models/scenario/scenario.hpp"
#include "sim/toml_document.hpp"

namespace clustersim {

Scenario load_scenario_file(const std::string& path,
                            const std::vector<std::string>& overrides = {});

// `source_name` is used in error positions (for example "results.h5:/scenario");
// `extends` is resolved within `scope` (sim/toml_document.hpp).
Scenario load_scenario_text(const std::string& text, const std::string& source_name,
                            const std::vector<std::string>& overrides = {},
                            const ExtendsScope& scope = {});

}  // namespace clustersim
