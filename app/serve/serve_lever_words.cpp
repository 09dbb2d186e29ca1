#include "app/serve/serve_lever_words.hpp"

#include <algorithm>
#include <map>
#include <regex>
#include <sstream>

namespace clustersim::app {
namespace {
using nlohmann::json;

// Plain names of the levers students meet first (the default set and the shipped
// scenarios' [[explore]] keys); a teacher's own [[explore]] key shows its schema key.
const std::map<std::string, std::string> kPlainNames = {
    {"parameters.transfer.rate", "Knowledge transfer between partners"},
    {"parameters.innovation.start_rate", "Chance a firm starts an innovation project"},
    {"parameters.innovation.competence_need", "Staff competence a project needs"},
    {"parameters.absorptive.from_rd", "How much own R&D helps absorb knowledge"},
    {"parameters.partnering.threshold", "How choosy firms are about partners"},
    {"parameters.partnering.trust_gain", "Trust won by a joint success"},
    {"parameters.competence.training_effect", "Competence one month of training adds"},
    {"parameters.foreign.inflow_rate", "Knowledge taken in from abroad"},
    {"parameters.production.wage", "Wage per employee"},
    {"parameters.credit.key_rate", "Central bank key rate"},
    {"parameters.sanctions.parallel_import_share", "Cut imports restored by parallel imports"},
    {"parameters.sanctions.substitute_output_share",
     "Capacity a domestic substitute maker devotes to it"},
    {"parameters.innovation.share_import_substitute", "Weight of import-substitution projects"},
};

const std::map<std::string, std::string> kPlainUnits = {
    {"1", "a ratio (no unit)"},
    {"1/month", "per month"},
    {"1/year", "per year"},
    {"1/person-month", "per person-month of training"},
    {"mln RUB/year", "million roubles a year"},
    {"mln RUB/employee-month", "million roubles per employee a month"},
    {"mln RUB", "million roubles"},
    {"months", "months"},
    {"km", "kilometres"},
};

bool any_positive(const std::vector<double>& values) {
  for (const double v : values)
    if (v > 0) return true;
  return false;
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) out += (out.empty() ? "" : ", ") + name;
  return out;
}

// What kind of change an event is, for its marker's colour and the legend.
std::string event_kind(const Event& event) {
  if (any_positive(event.import_cut) || any_positive(event.knowledge_cut) ||
      any_positive(event.licence_cut) || event.export_loss > 0)
    return "sanctions";
  if (!event.funder.empty() && event.funder_budget >= 0) return "budget";
  if (!event.open_centers.empty() || !event.close_centers.empty()) return "centers";
  if (event.add_firms > 0) return "firms";
  return "parameters";
}

// A short title when the event has no name: what it does.
std::string event_title(const Event& event) {
  if (!event.name.empty()) return event.name;
  std::ostringstream out;
  if (!event.open_centers.empty()) out << "opens " << joined(event.open_centers) << " ";
  if (!event.close_centers.empty()) out << "closes " << joined(event.close_centers) << " ";
  if (!event.funder.empty() && event.funder_budget >= 0)
    out << event.funder << " budget " << event.funder_budget << " mln RUB/year ";
  if (event.add_firms > 0) out << event.add_firms << " firms join ";
  for (const auto& set : event.set) out << set.key << " = " << set.value << " ";
  std::string text = out.str();
  if (text.empty()) text = event_kind(event);
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text;
}

}  // namespace

std::string plain_lever_name(const std::string& key) {
  const auto it = kPlainNames.find(key);
  if (it != kPlainNames.end()) return it->second;
  const std::string prefix = "parameters.";
  return key.rfind(prefix, 0) == 0 ? key.substr(prefix.size()) : key;
}

std::string plain_unit(const std::string& unit) {
  const auto it = kPlainUnits.find(unit);
  return it == kPlainUnits.end() ? unit : it->second;
}

std::string evidence_of(const std::string& meaning) {
  const auto assumption = meaning.find("Assumption");
  if (assumption != std::string::npos) {
    const auto end = meaning.find(". ", assumption);
    return meaning.substr(assumption,
                          end == std::string::npos ? std::string::npos : end - assumption + 1);
  }
  // A parenthesis naming a year: "(Nooteboom 2007)", "(Keller 2002: about 1,200 km)".
  static const std::regex cited(R"(\(([^()]*[A-Z][a-z]+[^()]*\b(19|20)[0-9]{2}\b[^()]*)\))");
  std::smatch match;
  if (std::regex_search(meaning, match, cited)) return match[1];
  static const std::regex named(R"(\(([A-Z][a-z]+( and [A-Z][a-z]+)?)\))");
  if (std::regex_search(meaning, match, named)) return match[1];
  return "";
}

std::string center_funding_meaning(const Center& center) {
  if (center.kind == "center_of_excellence")
    return "Operating funding of this center of excellence, which turns it into frontier "
           "research its member firms learn from.";
  return "Operating funding of this " +
         std::string(center.kind == "advanced_training" ? "advanced-training" : "competence") +
         " center: public money it spends while it works. It does not change what the center "
         "does (its training and brokerage capacities do), only the public money counted.";
}

json events_json(const Scenario& scenario) {
  json out = json::array();
  const auto in_run = [&](YearMonth date) {
    return !(date < scenario.calendar.start) && !(scenario.calendar.end < date);
  };
  for (const auto& event : scenario.events) {
    if (months_between(event.date, scenario.calendar.end) < 0) continue;  // after the run
    out.push_back({{"date", event.date.to_string()},
                   {"title", event_title(event)},
                   {"kind", event_kind(event)},
                   {"note", event.note}});
  }
  // Scheduled policy paths are changes on the time axis too.
  for (const auto& step : scenario.programme_budget) {
    if (!in_run(step.from)) continue;
    std::ostringstream title;
    title << step.funder << " budget " << step.annual_budget << " mln RUB/year";
    out.push_back({{"date", step.from.to_string()},
                   {"title", title.str()},
                   {"kind", "budget"},
                   {"note", "The programme's budget path ([[programme_budget]])."}});
  }
  for (const auto& window : scenario.bankruptcy_moratorium) {
    if (!in_run(window.from)) continue;
    out.push_back({{"date", window.from.to_string()},
                   {"title", "bankruptcy moratorium until " + window.until.to_string()},
                   {"kind", "moratorium"},
                   {"note", "Creditors cannot petition " +
                                (window.sectors.empty() ? std::string("any firm")
                                                        : "firms of " + joined(window.sectors)) +
                                " into bankruptcy; insolvent firms stay until it ends."}});
  }
  std::stable_sort(out.begin(), out.end(), [](const json& a, const json& b) {
    return a["date"].get<std::string>() < b["date"].get<std::string>();
  });
  return out;
}

}  // namespace clustersim::app
