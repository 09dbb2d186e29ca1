// libFuzzer harness of the scenario loader (issue 11). An input is a scenario's TOML
// text, optionally followed by a NUL byte and `--set` overrides, one per line. Bad input
// must end in InputError (exit 2 in the program), never in a crash, a sanitizer report
// or a toml++ assertion. A scenario that loads must survive the resolved-TOML round
// trip: its resolved text loads again and resolves to the same text.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "models/scenario/scenario_loader.hpp"
#include "models/scenario/scenario_writer.hpp"
#include "sim/diagnostics.hpp"

#ifdef NDEBUG
#error "the fuzzing build keeps assert() and TOML_ASSERT live: build without NDEBUG"
#endif
static_assert(TOML_HEADER_ONLY == 1, "toml++ must be compiled in, with its assertions");

namespace {

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto end = text.find('\n', start);
    const auto line =
        text.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (!line.empty()) lines.push_back(line);
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return lines;
}

[[noreturn]] void fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "scenario_loader_fuzz: %s\n%s\n", what, detail.c_str());
  std::abort();
}

void check_round_trip(const clustersim::Scenario& scenario) {
  const std::string resolved = clustersim::to_toml(scenario);
  try {
    const auto again = clustersim::load_scenario_text(resolved, "resolved.toml");
    if (clustersim::to_toml(again) != resolved)
      fail("the resolved TOML resolves to another text", resolved);
  } catch (const clustersim::InputError& error) {
    fail("the resolved TOML of a valid scenario does not load", error.what() + resolved);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  const auto nul = input.find('\0');
  const std::string text = input.substr(0, nul);
  const auto overrides =
      nul == std::string::npos ? std::vector<std::string>{} : split_lines(input.substr(nul + 1));
  clustersim::Scenario scenario;
  try {
    scenario = clustersim::load_scenario_text(text, "fuzz.toml", overrides);
  } catch (const clustersim::InputError&) {
    return 0;  // bad input, reported: what the loader should do
  }
  check_round_trip(scenario);
  return 0;
}
