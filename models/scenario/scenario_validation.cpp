#include "models/scenario/scenario_validation.hpp"

#include <algorithm>
#include <set>

#include "models/scenario/scenario_schema.hpp"
#include "sim/schema_io.hpp"

namespace clustersim {
namespace {

class Checker {
 public:
  Checker(const std::map<std::string, SourcePosition>& positions, SourcePosition file,
          Diagnostics& diagnostics)
      : positions_(positions),
        file_(std::move(file)),
        diagnostics_(diagnostics),
        binder_problems_(diagnostics.items().size()) {}

  // Position of `key`, or of the nearest enclosing table that was seen.
  SourcePosition where(const std::string& key) const {
    std::string k = key;
    while (!k.empty()) {
      if (auto it = positions_.find(k); it != positions_.end()) return it->second;
      const auto cut = k.find_last_of(".[");
      if (cut == std::string::npos) break;
      k = k.substr(0, cut);
    }
    return file_;
  }

  void report(const std::string& key, const std::string& message) {
    diagnostics_.add(where(key), key, message);
  }

  template <class Items, class Name>
  std::vector<std::string> unique_names(const Items& items, const std::string& table, Name name) {
    std::vector<std::string> names;
    for (std::size_t i = 0; i < items.size(); ++i) {
      const std::string& n = name(items[i]);
      if (n.empty()) continue;
      if (std::find(names.begin(), names.end(), n) != names.end())
        report(table + "[" + std::to_string(i) + "].name",
               "duplicate name (expected each name once, got \"" + n + "\" again)");
      names.push_back(n);
    }
    return names;
  }

  // A required table that is empty: one problem, and no "unknown `what`" for each reference
  // to it after.
  void required(const std::string& key, const std::string& what, const std::string& message) {
    report(key, message);
    missing_.insert(what);
  }

  void reference(const std::string& key, const std::string& value,
                 const std::vector<std::string>& names, const std::string& what) {
    if (std::find(names.begin(), names.end(), value) != names.end()) return;
    if (names.empty() && missing_.count(what)) return;  // said once by required()
    std::string hint;
    if (auto near = closest_match(value, names); !near.empty())
      hint = "; did you mean \"" + near + "\"?";
    std::string listed;
    for (const auto& n : names) listed += (listed.empty() ? "\"" : ", \"") + n + '"';
    report(key, "unknown " + what + " (expected one of " +
                    (listed.empty() ? "none defined" : listed) + hint + ", got \"" + value + "\")");
  }

  // A date the binder could not read (wrong type, or missing) holds a default: checking it
  // against the calendar would report a month the file never names. Only the binder's
  // problems count here: this check reports several snapshot months under one key.
  void in_calendar(const std::string& key, YearMonth date, const Calendar& calendar) {
    const auto& items = diagnostics_.items();
    const auto binder_end = items.begin() + long(binder_problems_);
    if (std::any_of(items.begin(), binder_end, [&](const Diagnostic& d) { return d.key == key; }))
      return;
    // A calendar that ends before it starts is one problem, said once: no date is in it,
    // and "expected 2020-01 to 2019-06" would say nothing more.
    if (calendar.end < calendar.start) return;
    if (date < calendar.start || date > calendar.end)
      report(key, "date outside the calendar (expected " + calendar.start.to_string() + " to " +
                      calendar.end.to_string() + ", got \"" + date.to_string() + "\")");
  }

 private:
  const std::map<std::string, SourcePosition>& positions_;
  SourcePosition file_;
  Diagnostics& diagnostics_;
  std::size_t binder_problems_;    // the diagnostics the binder made before these checks
  std::set<std::string> missing_;  // what required() found missing
};

bool is_bare_key(const std::string& name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  });
}

std::string indexed(const std::string& table, std::size_t i, const std::string& key) {
  return table + "[" + std::to_string(i) + "]." + key;
}

// The calendar runs forward; domain names are bare keys, each given once.
void check_calendar_and_domains(Checker& check, const Scenario& s, bool domains_given) {
  const auto& cal = s.calendar;
  if (cal.end < cal.start)
    check.report("calendar.end", "ends before it starts (expected a month from " +
                                     cal.start.to_string() + " on, got \"" + cal.end.to_string() +
                                     "\")");
  if (s.domains.empty() && domains_given)
    check.report("domains", "no domains (expected at least one technology domain name)");
  std::set<std::string> seen_domains;
  for (const auto& d : s.domains) {
    if (!is_bare_key(d))
      check.report("domains",
                   "bad domain name (expected letters, digits, _ or -, got \"" + d + "\")");
    if (!seen_domains.insert(d).second)
      check.report("domains",
                   "duplicate domain (expected each name once, got \"" + d + "\" again)");
  }
}

// The names other tables refer to, each table's names checked for duplicates.
struct TableNames {
  std::vector<std::string> sectors, clusters, centers, funders, groups;
};

TableNames collect_names(Checker& check, const Scenario& s) {
  TableNames names;
  names.sectors = check.unique_names(
      s.sectors, "sectors", [](auto& x) -> auto& { return x.name; });
  names.clusters = check.unique_names(
      s.clusters, "clusters", [](auto& x) -> auto& { return x.name; });
  names.centers = check.unique_names(
      s.centers, "centers", [](auto& x) -> auto& { return x.name; });
  names.funders = check.unique_names(
      s.funders, "funders", [](auto& x) -> auto& { return x.name; });
  names.groups = check.unique_names(
      s.firms, "firms", [](auto& x) -> auto& { return x.name; });
  check.unique_names(
      s.universities, "universities", [](auto& x) -> auto& { return x.name; });
  return names;
}

void check_firm_groups(Checker& check, const Scenario& s, const TableNames& names) {
  if (s.firms.empty()) check.report("firms", "no firms (expected at least one [[firms]] group)");
  // Without any [[sectors]] (or [[clusters]]) one problem says so, not one per firm group.
  if (s.sectors.empty())
    check.required("sectors", "sector", "no sectors (expected at least one [[sectors]] market)");
  if (s.clusters.empty())
    check.required("clusters", "cluster",
                   "no clusters (expected at least one [[clusters]] location)");
  for (std::size_t i = 0; i < s.firms.size(); ++i) {
    const auto& g = s.firms[i];
    check.reference(indexed("firms", i, "cluster"), g.cluster, names.clusters, "cluster");
    check.reference(indexed("firms", i, "sector"), g.sector, names.sectors, "sector");
    if (g.employees_min > g.employees_max)
      check.report(indexed("firms", i, "employees_max"),
                   "smaller than employees_min (expected at least " +
                       std::to_string(static_cast<long>(g.employees_min)) + ")");
    // Shares of the same purchased inputs: the domestic part of the input bill is 1 - the sum.
    double dependence = 0;
    for (const double share : g.import_dependence) dependence += share;
    if (dependence > 1.0 + 1e-12)
      check.report(indexed("firms", i, "import_dependence"),
                   "shares of purchased inputs that sum above 1 over the domains (expected a sum "
                   "of at most 1, got " +
                       reference_number(dependence) + ")");
  }
}

void check_universities_and_centers(Checker& check, const Scenario& s, const TableNames& names) {
  for (std::size_t i = 0; i < s.universities.size(); ++i)
    check.reference(indexed("universities", i, "cluster"), s.universities[i].cluster,
                    names.clusters, "cluster");
  for (std::size_t i = 0; i < s.centers.size(); ++i) {
    check.reference(indexed("centers", i, "cluster"), s.centers[i].cluster, names.clusters,
                    "cluster");
    for (const auto& d : s.centers[i].domains)
      check.reference(indexed("centers", i, "domains"), d, s.domains, "technology domain");
  }
}

// Two passes, clusters and TRL first, then sectors and co-financing, so messages
// keep their order.
void check_funders(Checker& check, const Scenario& s, const TableNames& names) {
  for (std::size_t i = 0; i < s.funders.size(); ++i) {
    const auto& f = s.funders[i];
    for (const auto& c : f.clusters)
      check.reference(indexed("funders", i, "clusters"), c, names.clusters, "cluster");
    if (f.min_trl > f.max_trl)
      check.report(indexed("funders", i, "max_trl"), "below min_trl (expected at least " +
                                                         std::to_string(f.min_trl) + ", got " +
                                                         std::to_string(f.max_trl) + ")");
  }
  for (std::size_t i = 0; i < s.funders.size(); ++i) {
    const auto& f = s.funders[i];
    for (const auto& sector : f.sectors)
      check.reference(indexed("funders", i, "sectors"), sector, names.sectors, "sector");
    if (f.cofinanced_by.empty()) continue;
    check.reference(indexed("funders", i, "cofinanced_by"), f.cofinanced_by, names.funders,
                    "funder");
    for (const auto& other : s.funders)
      if (other.name == f.cofinanced_by && other.kind != "regional")
        check.report(indexed("funders", i, "cofinanced_by"),
                     "not a regional funder (expected a funder of kind \"regional\", got \"" +
                         other.name + "\" of kind \"" + other.kind + "\")");
  }
}

// Steps of a path ([[key_rate]], [[exchange_rate]]) must come in ascending months.
template <class Step>
void check_path_order(Checker& check, const std::vector<Step>& steps, const char* table,
                      const char* what) {
  for (std::size_t i = 1; i < steps.size(); ++i)
    if (!(steps[i - 1].from < steps[i].from))
      check.report(indexed(table, i, "from"), std::string(what) +
                                                  " steps out of order (expected a month after " +
                                                  steps[i - 1].from.to_string() + ", got \"" +
                                                  steps[i].from.to_string() + "\")");
}

// A funder's budget path names a funder, ascends in months, and is the only place that
// funder's budget changes: an event's funder_budget would be overwritten the next month.
void check_programme_budgets(Checker& check, const Scenario& s, const TableNames& names) {
  const auto& steps = s.programme_budget;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    check.reference(indexed("programme_budget", i, "funder"), steps[i].funder, names.funders,
                    "funder");
    for (std::size_t j = i; j-- > 0;) {
      if (steps[j].funder != steps[i].funder) continue;
      if (!(steps[j].from < steps[i].from))
        check.report(indexed("programme_budget", i, "from"),
                     "budget steps of \"" + steps[i].funder +
                         "\" out of order (expected a month after " + steps[j].from.to_string() +
                         ", got \"" + steps[i].from.to_string() + "\")");
      break;
    }
  }
  for (std::size_t i = 0; i < s.events.size(); ++i) {
    const auto& e = s.events[i];
    if (e.funder.empty() || e.funder_budget < 0) continue;
    for (const auto& step : steps)
      if (step.funder == e.funder) {
        check.report(indexed("events", i, "funder_budget"),
                     "funder \"" + e.funder +
                         "\" has a [[programme_budget]] path (expected its budget changed "
                         "there, not by an event)");
        break;
      }
  }
}

// A moratorium ends after it starts and covers sectors the scenario has.
void check_moratoria(Checker& check, const Scenario& s, const TableNames& names) {
  for (std::size_t i = 0; i < s.bankruptcy_moratorium.size(); ++i) {
    const auto& m = s.bankruptcy_moratorium[i];
    if (!(m.from < m.until))
      check.report(indexed("bankruptcy_moratorium", i, "until"),
                   "ends before it starts (expected a month after \"" + m.from.to_string() +
                       "\", got \"" + m.until.to_string() + "\")");
    for (const auto& sector : m.sectors)
      check.reference(indexed("bankruptcy_moratorium", i, "sectors"), sector, names.sectors,
                      "sector");
  }
}

// Event names address events in keys (events.NAME.KEY), so they must be unique and
// must not read as an index or split into segments.
void check_event_name(Checker& check, const Scenario& s, std::size_t i) {
  const std::string& name = s.events[i].name;
  if (name.empty()) return;
  const bool digits = name.find_first_not_of("0123456789") == std::string::npos;
  if (digits || name.find('.') != std::string::npos)
    check.report(
        indexed("events", i, "name"),
        "not usable in a key (expected a name with a letter and no dots, got \"" + name + "\")");
  for (std::size_t j = 0; j < i; ++j)
    if (s.events[j].name == name)
      check.report(indexed("events", i, "name"),
                   "duplicate event name (expected a name no other event has, got \"" + name +
                       "\", also events[" + std::to_string(j) + "])");
}

// Severity scales a sanctions package's cuts: on an event without any, a severity other
// than 1 would change nothing, silently (a stress or --set aimed at the wrong event).
bool has_cuts(const Event& e) {
  const auto any = [](const std::vector<double>& cuts) {
    return std::any_of(cuts.begin(), cuts.end(), [](double c) { return c > 0; });
  };
  return any(e.import_cut) || any(e.knowledge_cut) || any(e.licence_cut) || e.export_loss > 0 ||
         e.import_exit > 0;
}

void check_events(Checker& check, const Scenario& s, const TableNames& names) {
  for (std::size_t i = 0; i < s.events.size(); ++i) {
    const auto& e = s.events[i];
    check_event_name(check, s, i);
    if (e.severity != 1.0 && !has_cuts(e))
      check.report(indexed("events", i, "severity"),
                   "this event has no sanctions cuts to scale (severity multiplies import, "
                   "knowledge and licence cuts, export loss and import exit; expected 1 here, "
                   "or the severity of an event that has cuts, got " +
                       reference_number(e.severity) + ")");
    check.in_calendar(indexed("events", i, "date"), e.date, s.calendar);
    for (const auto& c : e.open_centers)
      check.reference(indexed("events", i, "open_centers"), c, names.centers, "center");
    for (const auto& c : e.close_centers)
      check.reference(indexed("events", i, "close_centers"), c, names.centers, "center");
    if (!e.funder.empty())
      check.reference(indexed("events", i, "funder"), e.funder, names.funders, "funder");
    if (e.funder_budget < 0 && e.funder_budget != -1)
      check.report(indexed("events", i, "funder_budget"),
                   "negative budget (expected 0 .. 1e7, or -1 or no key for no change, got " +
                       reference_number(e.funder_budget) + ")");
    if (e.funder_budget >= 0 && e.funder.empty())
      check.report(indexed("events", i, "funder_budget"),
                   "no funder named (expected `funder` beside it)");
    if (e.add_firms > 0)
      check.reference(indexed("events", i, "add_firms_group"), e.add_firms_group, names.groups,
                      "firm group");
  }
}

// Explorable keys name numeric scenario keys, with a range inside the key's own.
void check_explore(Checker& check, const Scenario& s) {
  for (std::size_t i = 0; i < s.explore.size(); ++i) {
    const auto& x = s.explore[i];
    const auto& specs = scenario_fields();
    const auto spec = std::find_if(specs.begin(), specs.end(),
                                   [&](const FieldSpec<Scenario>& f) { return f.key == x.key; });
    const bool numeric =
        spec != specs.end() && (spec->type == FieldType::real || spec->type == FieldType::integer);
    if (!numeric) {
      check.report(indexed("explore", i, "key"),
                   "not a numeric scenario key (expected a key such as "
                   "parameters.transfer.rate, got \"" +
                       x.key + "\")");
      continue;
    }
    if (!(x.min < x.max) || x.min < spec->min || x.max > spec->max)
      check.report(indexed("explore", i, "min"),
                   "bad range (expected min < max inside " + reference_number(spec->min) + " .. " +
                       reference_number(spec->max) + ", got " + reference_number(x.min) + " .. " +
                       reference_number(x.max) + ")");
  }
}

// Each group is limited by its `count` range; their total and the default capacity
// (twice the total plus 64) must stay within kMaxFirms slots too.
void check_firm_total(Checker& check, const Scenario& s) {
  const long long total = s.total_firm_count();
  const auto limit = std::to_string(kMaxFirms);
  if (total > kMaxFirms)
    check.report("firms", "too many firms in all (expected at most " + limit +
                              " over every group, got " + std::to_string(total) + ")");
  else if (s.max_firms == 0 && 2 * total + 64 > kMaxFirms)
    check.report("firms", "the default capacity, twice the " + std::to_string(total) +
                              " initial firms plus 64, is above " + limit +
                              " slots (expected max_firms set between the two)");
}

// Snapshot months, project type weights and the firm capacity.
void check_output_and_capacity(Checker& check, const Scenario& s) {
  for (const auto& m : s.output.snapshots) check.in_calendar("output.snapshots", m, s.calendar);
  const auto& p = s.parameters;
  if (p.share_product + p.share_process + p.share_import_substitute <= 0)
    check.report("parameters.innovation.share_product",
                 "project type weights sum to zero (expected a positive sum)");
  if (s.max_firms != 0 && s.max_firms < s.total_firm_count())
    check.report("max_firms", "below the initial population (expected at least " +
                                  std::to_string(s.total_firm_count()) + ", got " +
                                  std::to_string(s.max_firms) + ")");
  check_firm_total(check, s);
}

}  // namespace

// The checks run in a fixed order, so diagnostics are listed the same way every time.
void check_references(const Scenario& s, const std::map<std::string, SourcePosition>& positions,
                      const SourcePosition& file_position, Diagnostics& diagnostics) {
  Checker check(positions, file_position, diagnostics);
  check_calendar_and_domains(check, s, positions.count("domains") != 0);
  const TableNames names = collect_names(check, s);
  if (s.domains.size() > 64)
    check.report("domains", "too many domains (expected at most 64, got " +
                                std::to_string(s.domains.size()) + ")");
  check_firm_groups(check, s, names);
  check_universities_and_centers(check, s, names);
  check_funders(check, s, names);
  check_path_order(check, s.key_rate, "key_rate", "key-rate");
  check_path_order(check, s.exchange_rate, "exchange_rate", "exchange-rate");
  check_events(check, s, names);
  check_programme_budgets(check, s, names);
  check_moratoria(check, s, names);
  check_output_and_capacity(check, s);
  check_explore(check, s);
}

}  // namespace clustersim
