#include "models/scenario/scenario_writer.hpp"

#include <sstream>

#include "build_info.hpp"
#include "models/scenario/scenario_schema.hpp"

namespace clustersim {

std::string to_toml(const Scenario& scenario) {
  std::ostringstream out;
  out << "# Resolved scenario: every key explicit, written by clustersim " << build_info::version
      << ".\n";
  const auto& domains = scenario.domains;
  write_fields(out, scenario_fields(), scenario, domains);
  for (const auto& table : scenario_array_tables()) table.write(out, scenario, domains);
  return out.str();
}

}  // namespace clustersim
