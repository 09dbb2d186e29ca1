#include "support/test_support.hpp"

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <stdexcept>

#include "models/cluster_model.hpp"
#include "support/determinism.hpp"

namespace clustersim::testing {

std::string binary_path() {
  return CLUSTERSIM_BINARY;
}

std::string minimal_scenario_toml() {
  return R"(name = "minimal"
seed = 7
replications = 2
domains = ["software", "electronics"]

[calendar]
start = "2021-01"
end = "2021-12"

[[sectors]]
name = "ict"

[[clusters]]
name = "city"

[[firms]]
name = "smes"
cluster = "city"
sector = "ict"
count = 30
knowledge = { software = 0.6, electronics = 0.3 }

[[universities]]
name = "uni"
cluster = "city"

[[centers]]
name = "cc"
cluster = "city"

[[funders]]
name = "grants"
)";
}

CommandResult run_clustersim(const std::string& arguments) {
  CommandResult result;
  const std::string command = binary_path() + " " + arguments + " 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) throw std::runtime_error("cannot start " + command);
  std::array<char, 4096> buffer{};
  while (std::fgets(buffer.data(), int(buffer.size()), pipe)) result.output += buffer.data();
  const int status = ::pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

Scenario shortened(Scenario scenario, int months) {
  if (scenario.calendar.months() <= months) return scenario;
  const YearMonth end = scenario.calendar.start.plus(months - 1);
  scenario.calendar.end = end;
  std::erase_if(scenario.events, [&](const Event& event) { return event.date > end; });
  std::erase_if(scenario.output.snapshots, [&](const YearMonth& month) { return month > end; });
  return scenario;
}

MetricTable run_model(const Scenario& scenario, int threads) {
  return run_on_threads(
      threads, [&] { return run_ensemble(cluster_model(scenario), ensemble_shape(scenario)); });
}

}  // namespace clustersim::testing
