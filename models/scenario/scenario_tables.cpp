#include "models/scenario/scenario_schema.hpp"

namespace clustersim {
namespace {

// Scheduled changes of an event, which the specs do not cover: `set = { key = value }`.
void write_event_sets(std::ostringstream& out, const Event& event) {
  if (event.set.empty()) return;
  out << "set = { ";
  for (std::size_t i = 0; i < event.set.size(); ++i)
    out << (i ? ", " : "") << toml_quote(event.set[i].key) << " = "
        << toml_real(event.set[i].value);
  out << " }\n";
}

}  // namespace

const std::vector<ArrayTable<Scenario>>& scenario_array_tables() {
  using S = Scenario;
  static const std::vector<ArrayTable<Scenario>> tables = {
      array_table("sectors", "[[sectors]]", "Markets firms sell in.", &S::sectors, sector_fields()),
      array_table("clusters", "[[clusters]]", "Territorial clusters.", &S::clusters,
                  cluster_fields()),
      array_table("firms", "[[firms]]", "Groups of firms created at the start.", &S::firms,
                  firm_group_fields()),
      array_table("universities", "[[universities]]", "Universities and research institutes.",
                  &S::universities, university_fields()),
      array_table("centers", "[[centers]]",
                  "Competence centers, centers of excellence and advanced-training centers.",
                  &S::centers, center_fields()),
      array_table("funders", "[[funders]]", "Public funding programmes.", &S::funders,
                  funder_fields()),
      array_table("key_rate", "[[key_rate]]",
                  "The Bank of Russia key rate as a monthly path: each step holds from its month "
                  "until the next; before the first, `parameters.credit.key_rate`.",
                  &S::key_rate, key_rate_fields()),
      array_table("exchange_rate", "[[exchange_rate]]",
                  "The rouble's exchange rate as a monthly path (Bank of Russia official rate, "
                  "RUB per USD): each step holds from its month until the next; before the "
                  "first, `parameters.markets.exchange_rate`. Only its ratio to the rate of the "
                  "run's first month acts (import prices, imported inputs, export revenue).",
                  &S::exchange_rate, exchange_rate_fields()),
      array_table("programme_budget", "[[programme_budget]]",
                  "A funder's annual budget as a monthly path (budget laws, programme "
                  "decisions): each step holds from its month until the funder's next step; "
                  "before its first, the funder's `annual_budget`. A funder with a path takes "
                  "no `funder_budget` events.",
                  &S::programme_budget, programme_budget_fields()),
      array_table("bankruptcy_moratorium", "[[bankruptcy_moratorium]]",
                  "Windows in which creditors cannot petition firms into bankruptcy (Decree "
                  "No. 497 of 28 Mar 2022: 1 Apr - 1 Oct 2022): an insolvent firm of a covered "
                  "sector is not forced out while one lasts, but keeps trading, borrowing and "
                  "losing, and its months of insolvency keep counting; if it is still "
                  "insolvent when the window ends it exits then. Owners may still close a "
                  "loss-making firm.",
                  &S::bankruptcy_moratorium, moratorium_fields()),
      array_table("explore", "[[explore]]",
                  "Keys the browser (`clustersim serve`) offers as sliders, with their ranges; "
                  "without any, it offers a default set of policy levers and assumptions.",
                  &S::explore, explore_fields()),
      array_table<Scenario, Event>(
          "events", "[[events]]",
          "Changes scheduled for the start of a month. Besides the keys below, `set = { "
          "\"parameters.transfer.rate\" = 0.02 }` changes any key marked *Events may change "
          "it*; a per-domain key takes the domain after a dot "
          "(`\"policy.foreign_knowledge_access.software\" = 0.2`).",
          &S::events, event_fields(), {"set"}, write_event_sets),
  };
  return tables;
}

std::vector<std::string> scenario_array_table_names() {
  std::vector<std::string> names;
  for (const auto& table : scenario_array_tables()) names.push_back(table.name);
  return names;
}

}  // namespace clustersim
