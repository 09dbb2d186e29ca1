#pragma once
// KEY=LO:HI arguments of `stress --shock` and `sweep --vary`.
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

#include "sim/diagnostics.hpp"

namespace clustersim::app {

struct KeyRange {
  std::string key;  // any key --set accepts
  double low = 0, high = 0;
  std::string origin;  // the option and text it came from, "--vary KEY=LO:HI", for messages
};

// The whole of `text` as a finite number, or nothing.
std::optional<double> parse_number(const std::string& text);

// Parses KEY=LO:HI with finite numbers LO < HI; throws InputError naming `option`.
KeyRange parse_key_range(const std::string& option, const std::string& text);

// The keys an experiment's options name, each at most once: a key given twice would have
// its later setting win over the earlier one without a word.
class DistinctKeys {
 public:
  // Throws InputError naming `option` and its `text` when `key` was added before.
  void add(const std::string& option, const std::string& text, const std::string& key);

 private:
  std::set<std::string> seen_;
};

// A value an experiment gives a key: the override it passes the scenario loader, and the
// option the user wrote (so that a refusal names that option, not --set).
struct DesignSetting {
  std::string assignment;  // KEY=VALUE
  std::string origin;      // e.g. "--param KEY=LO:HI"
};

// The settings of an experiment's keys: its overrides from `first` on, one per origin.
std::vector<DesignSetting> design_settings(const std::vector<std::string>& overrides,
                                           std::size_t first,
                                           const std::vector<std::string>& origins);

// The settings of `assignments` (KEY=VALUE), each named `prefix` and its key: "grid lever KEY".
std::vector<DesignSetting> settings_named(const std::vector<std::string>& assignments,
                                          const std::string& prefix);

// Rethrows `error`, a refusal of the loader, with each problem of one of `settings` named
// by its option and value ("--param KEY=LO:HI (at 0.05): ...") instead of "--set KEY=VALUE".
[[noreturn]] void rethrow_naming_options(const InputError& error,
                                         const std::vector<DesignSetting>& settings);

// Refuses a key an experiment's option varies that --set also gives (`sets`, KEY=VALUE), or
// whose table it gives: the option's values would replace the --set without a word. Keys
// are compared as written. `origins[k]` names key k.
void refuse_keys_also_set(const std::vector<std::string>& sets,
                          const std::vector<std::string>& keys,
                          const std::vector<std::string>& origins);

// The --set values of a command line, none when there are none.
std::vector<std::string> set_values(const boost::program_options::variables_map& values);

// Shortest text that reads back as the same double, always a TOML float (so a key that
// takes only integers is rejected when the scenario is loaded, before any run).
std::string number_text(double value);

}  // namespace clustersim::app
