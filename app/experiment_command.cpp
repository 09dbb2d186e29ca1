#include "app/experiment_command.hpp"

#include <cstdio>
#include <sstream>

#include "analysis/experiment_runner.hpp"
#include "app/key_range.hpp"
#include "models/scenario/scenario_loader.hpp"
#include "models/scenario/scenario_writer.hpp"
#include "sim/diagnostics.hpp"
#include "sim/progress.hpp"

namespace clustersim::app {
namespace {

// /design: the keys, the points' values, and which point and replication each row of
// the metrics is; `text`, the values as typed, when a key takes names (NaN as numbers).
DatasetGroup design_group(const std::vector<std::string>& keys, const Design& design,
                          const std::vector<std::vector<std::string>>& text, int replications) {
  DatasetGroup group;
  std::vector<double> values;
  for (const auto& point : design) values.insert(values.end(), point.begin(), point.end());
  std::vector<std::int32_t> point_of_row, replication_of_row;
  for (std::size_t p = 0; p < design.size(); ++p)
    for (int r = 0; r < replications; ++r) {
      point_of_row.push_back(std::int32_t(p));
      replication_of_row.push_back(r);
    }
  group.add("keys", keys);
  group.add("values", values, {}, {design.size(), keys.size()});
  if (!text.empty()) {  // values as typed (names have no number: NaN in `values`)
    std::vector<std::string> flat;
    for (const auto& point : text) flat.insert(flat.end(), point.begin(), point.end());
    group.add("text", flat, {}, {design.size(), keys.size()});
  }
  group.add("point", point_of_row);
  group.add("replication", replication_of_row);
  group.attribute("replications_per_point", std::int32_t(replications));
  group.attribute("rows",
                  std::string("row i of every metric is point i / replications_per_point, "
                              "replication i % replications_per_point; every point runs the "
                              "same replications (seeds)"));
  return group;
}

}  // namespace

void ExperimentCommand::add_options(po::options_description& options) {
  add_design_options(options);
}

std::vector<std::string> ExperimentCommand::overrides_of(std::size_t point) const {
  auto overrides = source_.overrides;
  for (std::size_t k = 0; k < keys_.size(); ++k)
    overrides.push_back(
        keys_[k] + "=" +
        (design_text_.empty() ? number_text(design_[point][k]) : design_text_[point][k]));
  return overrides;
}

// Every point runs the base's replications on its calendar and seeds: the table of runs has
// one shape, and the points differ by their settings, not their luck. A design key that
// changes these (calendar.end, replications, seed) would break both.
void ExperimentCommand::check_shared_runs(const Scenario& base, const Scenario& point,
                                          std::size_t p) const {
  std::string changed;
  if (point.calendar.start != base.calendar.start || point.calendar.end != base.calendar.end)
    changed = "the calendar";
  else if (point.replications != base.replications)
    changed = "the number of replications";
  else if (point.seed != base.seed)
    changed = "the seed";
  if (changed.empty()) return;
  std::string settings;
  const auto overrides = overrides_of(p);
  for (auto o = overrides.begin() + std::ptrdiff_t(source_.overrides.size()); o != overrides.end();
       ++o)
    settings += (settings.empty() ? "" : ", ") + *o;
  const std::string option =
      origins_.empty() ? "design" : origins_.front().substr(0, origins_.front().find(' '));
  throw InputError(option + ": point " + std::to_string(p) + " (" + settings + ") changes " +
                   changed +
                   " (expected design keys that leave the calendar, replications and seed to "
                   "the scenario: every point runs the same replications)");
}

Scenario ExperimentCommand::prepare(const po::variables_map& values, const ScenarioSource& source) {
  source_ = source;
  Scenario base = source.load();
  plan_design(values, base);
  refuse_keys_also_set(set_values(values), keys_, origins_);
  // Every point is loaded before anything runs, so a value a key does not take is bad
  // input with the loader's message, and nothing is written.
  for (std::size_t p = 0; p < design_.size(); ++p) {
    const auto overrides = overrides_of(p);
    try {
      check_shared_runs(base, load_scenario_file(source_.path, overrides), p);
    } catch (const InputError& error) {
      rethrow_naming_options(error, design_settings(overrides, source_.overrides.size(), origins_));
    }
  }
  metrics_ = cluster_model(base).metrics;
  replications_ = base.replications;
  plan_ = plan_text(base);
  return base;
}

// Everything that decides the runs' results: a resumed experiment must match it.
std::string ExperimentCommand::plan_text(const Scenario& base) const {
  std::ostringstream text;
  text << plan_heading(kind(), base);
  for (std::size_t p = 0; p < design_.size(); ++p) {
    text << "point " << p << ":";
    for (const auto& o : overrides_of(p)) text << ' ' << o;
    text << '\n';
  }
  text << to_toml(base);
  return text.str();
}

void ExperimentCommand::execute(const EnsembleSession& session) {
  RunJournal* journal = open_journal(session.output, plan_);
  const int points = int(design_.size()), reps = replications_;
  session.writer.begin_metrics(metrics_, points * reps, session.scenario.calendar.months() + 1,
                               session.scenario.output.compression);
  ProgressBar progress(!session.quiet);
  ExperimentCallbacks callbacks;
  callbacks.run = [&](int point, int replication) {
    const Scenario scenario = load_scenario_file(source_.path, overrides_of(std::size_t(point)));
    return run_replication(scenario, replication, &session.stop);
  };
  callbacks.finished = [&](int point, int replication, const ReplicationSeries& series) {
    session.writer.write_replication(point * reps + replication, series);
    keep(point, replication, series);
  };
  callbacks.progress = [&](long done, long total) { progress.update(done, total); };
  run_experiment({points, reps}, journal, callbacks, &session.stop);
  progress.clear();
  session.writer.write_group("/design", design_group(keys_, design_, design_text_, reps));
  analyse(session);
}

}  // namespace clustersim::app
