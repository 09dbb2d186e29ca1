// The levers the page shows, from the schema's FieldSpecs (unit, range, meaning).
#include <algorithm>
#include <cmath>
#include <sstream>

#include "app/serve/serve_lever_words.hpp"
#include "app/serve/serve_scenarios.hpp"
#include "models/cluster_model.hpp"
#include "models/scenario/scenario_schema.hpp"

namespace clustersim::app {
namespace {
using nlohmann::json;

// The default explorable parameters and the slider range students explore (kept
// inside the schema's range; the scenario's value is always inside the slider).
struct DefaultLever {
  const char* key;
  double low, high;
};
const DefaultLever kDefaultLevers[] = {
    {"parameters.transfer.rate", 0, 0.2},
    {"parameters.innovation.start_rate", 0, 0.5},
    {"parameters.innovation.competence_need", 0.1, 1},
    {"parameters.absorptive.from_rd", 0, 32},
    {"parameters.partnering.threshold", 0, 2},
    {"parameters.partnering.trust_gain", 0, 0.5},
    {"parameters.competence.training_effect", 0, 1},
    {"parameters.foreign.inflow_rate", 0, 0.05},
    {"parameters.production.wage", 0.02, 0.2},
    {"parameters.credit.key_rate", 0, 0.25},
};

// The first sentence of a meaning, for a one-line tooltip.
std::string first_sentence(const std::string& meaning) {
  const auto end = meaning.find(". ");
  return end == std::string::npos ? meaning : meaning.substr(0, end + 1);
}

double as_number(const FieldValue& value) {
  if (const auto* real = std::get_if<double>(&value)) return *real;
  if (const auto* integer = std::get_if<int>(&value)) return *integer;
  return 0;
}

// Where the value a lever starts at comes from: the scenario's file when it differs from
// the model's default; else it is the default's value, which the file may also write (a
// restated default is not told apart: docs/scenario-reference.md lists the defaults).
template <class T>
std::string value_source(const FieldSpec<T>& spec, const T& item, const std::string& scenario) {
  T fresh{}, copy = item;
  const bool own = as_number(get_value(spec, fresh)) != as_number(get_value(spec, copy));
  return own ? "set by the scenario " + scenario : "the same as the model's default";
}

template <class T>
json lever(const std::string& key, const FieldSpec<T>& spec, const T& item, double low, double high,
           const std::string& scenario) {
  T copy = item;
  const double value = as_number(get_value(spec, copy));
  low = std::max(std::min(low, value), spec.min);
  high = std::min(std::max(high, value), spec.max);
  return {{"key", key},
          {"label", plain_lever_name(key)},
          {"unit", spec.unit},
          {"unit_text", plain_unit(spec.unit)},
          {"meaning", first_sentence(spec.meaning)},
          {"description", spec.meaning},
          {"evidence", evidence_of(spec.meaning)},
          {"source", value_source(spec, item, scenario)},
          {"integer", spec.type == FieldType::integer},
          {"min", low},
          {"max", high},
          {"value", value}};
}

template <class T>
const FieldSpec<T>* spec_named(const std::vector<FieldSpec<T>>& specs, const std::string& key) {
  const auto it =
      std::find_if(specs.begin(), specs.end(), [&](const FieldSpec<T>& s) { return s.key == key; });
  return it == specs.end() ? nullptr : &*it;
}

// One lever per entry of an array of tables ("funders.0.annual_budget"), slider from 0
// to three times the scenario's value.
template <class T>
void add_table_levers(json& out, const char* table, const std::vector<T>& items,
                      const std::vector<FieldSpec<T>>& specs, const std::string& field,
                      const std::string& scenario, const std::string& what) {
  const auto* spec = spec_named(specs, field);
  if (!spec) return;
  for (std::size_t i = 0; i < items.size(); ++i) {
    T copy = items[i];
    const double value = as_number(get_value(*spec, copy));
    auto entry = lever(std::string(table) + "." + std::to_string(i) + "." + field, *spec, items[i],
                       0, std::max(3 * value, 10.0), scenario);
    entry["label"] = what + " " + items[i].name;
    if constexpr (std::is_same_v<T, Center>) {
      entry["meaning"] = entry["description"] = center_funding_meaning(items[i]);
      entry["evidence"] = "";
    }
    out.push_back(entry);
  }
}

// A month at which the scenario itself sets a lever's key: its events' `set`, a
// funder's budget change or budget path, or the key-rate path.
struct ScheduledValue {
  YearMonth from;
  double value;
  std::string by;  // what sets it, as the page says it
};

std::vector<ScheduledValue> schedule_of(const Scenario& scenario, const std::string& key) {
  std::vector<ScheduledValue> out;
  const auto event_name = [](const Event& event) {
    return "the event " + (event.name.empty() ? event.date.to_string() : "\"" + event.name + "\"");
  };
  for (const auto& event : scenario.events)
    for (const auto& set : event.set)
      if (set.key == key) out.push_back({event.date, set.value, event_name(event)});
  for (std::size_t i = 0; i < scenario.funders.size(); ++i) {
    if (key != "funders." + std::to_string(i) + ".annual_budget") continue;
    for (const auto& event : scenario.events)
      if (event.funder == scenario.funders[i].name && event.funder_budget >= 0)
        out.push_back({event.date, event.funder_budget, event_name(event)});
    for (const auto& step : scenario.programme_budget)
      if (step.funder == scenario.funders[i].name)
        out.push_back(
            {step.from, step.annual_budget, "the scenario's budget path ([[programme_budget]])"});
  }
  if (key == "parameters.credit.key_rate")
    for (const auto& step : scenario.key_rate)
      out.push_back({step.from, step.rate, "the scenario's key-rate path ([[key_rate]])"});
  std::erase_if(out, [&](const ScheduledValue& step) {  // after the run: no effect on it
    return months_between(step.from, scenario.calendar.end) < 0;
  });
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return months_between(b.from, a.from) < 0; });
  return out;
}

// Tells the student, next to the lever, that the scenario overrides it from some month
// on, so that a lever which seems to do nothing is not taken for one that does not
// matter.
void add_schedule(json& lever, const Scenario& scenario) {
  const auto schedule = schedule_of(scenario, lever["key"].get<std::string>());
  if (schedule.empty()) return;
  json steps = json::array();
  double low = schedule.front().value, high = low;
  for (const auto& step : schedule) {
    steps.push_back({{"from", step.from.to_string()}, {"value", step.value}, {"by", step.by}});
    low = std::min(low, step.value);
    high = std::max(high, step.value);
  }
  const auto& first = schedule.front();
  std::ostringstream note;
  note << "From " << first.from.to_string() << " " << first.by << " sets this";
  if (schedule.size() == 1) {
    note << " to " << first.value;
  } else {
    note << " (" << schedule.size() << " changes, " << low << " to " << high << ")";
  }
  const bool before_start = months_between(scenario.calendar.start, first.from) <= 0;
  note << (before_start
               ? ": the lever has no effect in this run."
               : ": the lever sets only the months before " + first.from.to_string() + ".");
  lever["scheduled"] = steps;
  lever["schedule_note"] = note.str();
}

}  // namespace

// The scenario's [[explore]] keys with their ranges (validated at load).
static json explore_levers(const Scenario& scenario) {
  json out = json::array();
  for (const auto& x : scenario.explore) {
    const auto* spec = spec_named(scenario_fields(), x.key);
    if (!spec) continue;
    out.push_back(lever(x.key, *spec, scenario, x.min, x.max, scenario.name));
  }
  for (auto& entry : out) add_schedule(entry, scenario);
  return out;
}

json levers_json(const Scenario& scenario) {
  if (!scenario.explore.empty()) return explore_levers(scenario);
  json out = json::array();
  for (const auto& wanted : kDefaultLevers) {
    const auto* spec = spec_named(scenario_fields(), wanted.key);
    if (!spec) continue;  // a renamed key drops out rather than breaking the page
    out.push_back(lever(wanted.key, *spec, scenario, wanted.low, wanted.high, scenario.name));
  }
  add_table_levers(out, "funders", scenario.funders, funder_fields(), "annual_budget",
                   scenario.name, "Yearly budget of");
  add_table_levers(out, "centers", scenario.centers, center_fields(), "funding", scenario.name,
                   "Funding of");
  for (auto& entry : out) add_schedule(entry, scenario);
  return out;
}

json metrics_json(const Scenario& scenario) {
  json out = json::array();
  for (const auto& info : cluster_model(scenario).metrics)
    out.push_back({{"name", info.name}, {"units", info.units}, {"description", info.description}});
  return out;
}

}  // namespace clustersim::app
