#include "app/key_range.hpp"

#include <charconv>
#include <cmath>
#include <stdexcept>

#include "sim/diagnostics.hpp"
#include "sim/toml_document.hpp"

namespace clustersim::app {

std::optional<double> parse_number(const std::string& text) {
  double value = 0;
  const auto* end = text.data() + text.size();
  const auto [rest, error] = std::from_chars(text.data(), end, value);
  if (text.empty() || error != std::errc() || rest != end || !std::isfinite(value))
    return std::nullopt;
  return value;
}

KeyRange parse_key_range(const std::string& option, const std::string& text) {
  const auto fail = [&](const std::string& why) {
    return InputError(option + " " + text + ": " + why +
                      " (expected KEY=LO:HI with numbers LO < HI, e.g. "
                      "parameters.transfer.rate=0:0.5)");
  };
  const auto equals = text.find('=');
  if (equals == std::string::npos || equals == 0) throw fail("no KEY=");
  const auto colon = text.find(':', equals + 1);
  if (colon == std::string::npos) throw fail("no LO:HI range");
  const auto low = parse_number(text.substr(equals + 1, colon - equals - 1));
  const auto high = parse_number(text.substr(colon + 1));
  if (!low || !high) throw fail("LO and HI must be finite numbers");
  if (!(*low < *high)) throw fail("LO must be less than HI");
  return {text.substr(0, equals), *low, *high, option + " " + text};
}

void DistinctKeys::add(const std::string& option, const std::string& text, const std::string& key) {
  if (!seen_.insert(key).second)
    throw InputError(option + " " + text + ": " + key + " is given twice (expected each key once)");
}

std::vector<DesignSetting> design_settings(const std::vector<std::string>& overrides,
                                           std::size_t first,
                                           const std::vector<std::string>& origins) {
  if (overrides.size() != first + origins.size())
    throw std::logic_error("design_settings: one origin per design key expected");
  std::vector<DesignSetting> settings;
  for (std::size_t k = 0; k < origins.size(); ++k)
    settings.push_back({overrides[first + k], origins[k]});
  return settings;
}

std::vector<DesignSetting> settings_named(const std::vector<std::string>& assignments,
                                          const std::string& prefix) {
  std::vector<DesignSetting> settings;
  for (const auto& assignment : assignments)
    settings.push_back({assignment, prefix + " " + assignment.substr(0, assignment.find('='))});
  return settings;
}

void rethrow_naming_options(const InputError& error, const std::vector<DesignSetting>& settings) {
  if (error.diagnostics().empty()) throw error;  // nothing to rename
  Diagnostics named;
  for (const auto& problem : error.diagnostics().items()) {
    auto where = problem.where;
    for (const auto& setting : settings)
      if (where.file == override_source(setting.assignment)) {
        const auto value = setting.assignment.substr(setting.assignment.find('=') + 1);
        where.file = setting.origin + " (at " + value + ")";
      }
    named.add(where, problem.key, problem.message);
  }
  throw InputError(named);
}

void refuse_keys_also_set(const std::vector<std::string>& sets,
                          const std::vector<std::string>& keys,
                          const std::vector<std::string>& origins) {
  // The same key, or one inside the other's table (a --set of parameters.transfer holds
  // parameters.transfer.rate). Keys are compared as written: an array element named in one
  // and numbered in the other is not caught.
  const auto within = [](const std::string& inner, const std::string& outer) {
    return inner.size() > outer.size() && inner.compare(0, outer.size(), outer) == 0 &&
           inner[outer.size()] == '.';
  };
  for (const auto& set : sets)
    for (std::size_t k = 0; k < keys.size(); ++k)
      if (const auto key = set.substr(0, set.find('='));
          key == keys[k] || within(keys[k], key) || within(key, keys[k]))
        throw InputError(origins[k] + ": " + keys[k] + " is also given by --set " + set +
                         " (expected it in one of them: the design's values would replace "
                         "the --set)");
}

std::vector<std::string> set_values(const boost::program_options::variables_map& values) {
  return values.count("set") ? values["set"].as<std::vector<std::string>>()
                             : std::vector<std::string>{};
}

std::string number_text(double value) {
  char buffer[64];
  const auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
  std::string text(buffer, end);
  if (text.find_first_of(".eE") == std::string::npos) text += ".0";
  return text;
}

}  // namespace clustersim::app
