#pragma once
// The words the page shows for a lever: a plain name, the unit in words, where the
// evidence for its meaning comes from, and the events of the scenario on its time axis.
// Everything here is taken from the schema's text or the scenario; nothing is a number
// the model uses.
#include <string>

#include <nlohmann/json.hpp>

#include "models/scenario/scenario.hpp"

namespace clustersim::app {

// A plain name for a lever key ("parameters.transfer.rate" -> "Knowledge transfer
// between partners"); the key without "parameters." when there is none.
std::string plain_lever_name(const std::string& key);

// A unit in words ("1/month" -> "per month", "1" -> "a ratio (no unit)").
std::string plain_unit(const std::string& unit);

// The schema meaning's evidence: its "Assumption: ..." sentence or the first cited
// reference ("Nooteboom 2007"); "" when the meaning cites none.
std::string evidence_of(const std::string& meaning);

// What a center's funding does for its kind: only a center of excellence turns it into
// research; for the others it is public money spent, and their capacities act.
std::string center_funding_meaning(const Center& center);

// The scenario's events for the page's time axis: date, name, kind and note.
nlohmann::json events_json(const Scenario& scenario);

}  // namespace clustersim::app
