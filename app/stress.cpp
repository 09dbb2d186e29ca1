// `clustersim stress`: the shock at which a metric crosses a threshold. The search itself
// (grid, bisection, summary) is analysis/stress; this file wires it to the cluster model,
// whose runs go through the experiments runner (analysis/experiment_runner.hpp) with a
// journal, so an interrupted search resumes.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <iostream>
#include <sstream>
#include <stdexcept>

#include "analysis/experiment_runner.hpp"
#include "analysis/records.hpp"
#include "analysis/stress.hpp"
#include "app/commands.hpp"
#include "app/ensemble_command.hpp"
#include "app/key_range.hpp"
#include "app/metric_lookup.hpp"
#include "models/scenario/scenario_writer.hpp"
#include "sim/diagnostics.hpp"
#include "sim/progress.hpp"

namespace clustersim::app {
namespace {

std::string fixed(double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.6g", value);
  return buffer;
}

bool crosses(double value, bool below, double threshold) {
  return below ? value <= threshold : value >= threshold;
}

// What the command line asks to find, checked before any scenario is loaded.
struct StressQuestion {
  KeyRange shock;
  std::string metric;
  double threshold = 0;
  std::string direction;  // auto, below or above
  bool relative = false;  // threshold is a ratio to the same replication's run at LO
  StressSearchOptions search;
};

StressQuestion read_question(const po::variables_map& values) {
  StressQuestion q;
  q.shock = parse_key_range("--shock", values["shock"].as<std::string>());
  q.metric = values["metric"].as<std::string>();
  q.threshold = values["threshold"].as<double>();
  if (!std::isfinite(q.threshold))
    throw InputError("--threshold: expected a finite number, got " + fixed(q.threshold));
  q.relative = values["relative"].as<bool>();
  if (q.relative && !(q.threshold > 0 && q.threshold != 1))
    throw InputError("--threshold " + fixed(q.threshold) +
                     ": expected a ratio above 0 and other than 1 with --relative (0.8: 80% of "
                     "the run at LO)");
  q.direction = values["direction"].as<std::string>();
  if (q.direction != "auto" && q.direction != "below" && q.direction != "above")
    throw InputError("--direction " + q.direction + ": expected auto, below or above");
  q.search.points = values["points"].as<int>();
  q.search.refine = values["refine"].as<int>();
  if (q.search.points < 2)
    throw InputError("--points " + std::to_string(q.search.points) + ": expected at least 2");
  if (q.search.refine < 0 || q.search.refine > 40)
    throw InputError("--refine " + std::to_string(q.search.refine) + ": expected 0..40");
  return q;
}

// The search's runs, through the experiments runner: each call is the next variant of
// one journal (0: the reference at LO, then the evaluations in the order the search asks
// for them). The search is deterministic, so a resumed one asks for the same evaluations
// and the journal replays those that finished.
class SearchRuns {
 public:
  SearchRuns(RunJournal* journal, const std::atomic<bool>& stop, bool show_progress, long planned)
      : journal_(journal), stop_(stop), progress_(show_progress), planned_(planned) {}

  // run(i) for i = 0 .. count - 1, in parallel; the results in that order.
  std::vector<ReplicationSeries> next(int count, const std::function<ReplicationSeries(int)>& run) {
    std::vector<ReplicationSeries> results(std::size_t(count), ReplicationSeries(0, 0));
    ExperimentCallbacks callbacks;
    callbacks.run = [&](int, int i) { return run(i); };
    callbacks.finished = [&](int, int i, const ReplicationSeries& series) {
      results[std::size_t(i)] = series;
    };
    callbacks.progress = [&](long done, long) {
      progress_.update(std::min(done_ + done, planned_), planned_);
    };
    ExperimentShape shape{1, count};
    shape.first_variant = variant_++;
    run_experiment(shape, journal_, callbacks, &stop_);
    done_ += count;
    return results;
  }

  void finish() { progress_.update(planned_, planned_); }

 private:
  RunJournal* journal_;
  const std::atomic<bool>& stop_;
  ProgressBar progress_;
  long planned_, done_ = 0;  // replication runs planned (an upper bound) and finished
  int variant_ = 0;
};

// Replication `replication`'s `metric` over months 0 .. months, one row.
ReplicationSeries metric_path(const ClusterModel& model, int metric, int replication, int months) {
  ReplicationRun<World> run(model, replication, months);
  run.advance_to_end();
  ReplicationSeries path(1, months + 1);
  std::copy_n(run.series().row(metric), months + 1, &path.at(0, 0));
  return path;
}

ReplicationSeries flag(bool value) {
  ReplicationSeries series(1, 1);
  series.at(0, 0) = value ? 1 : 0;
  return series;
}

StressRecord make_record(const StressQuestion& q, bool below, int within, int replications,
                         const StressResult& found) {
  StressRecord record;
  record.key = q.shock.key;
  record.metric = q.metric;
  record.direction = below ? "below" : "above";
  record.relative = q.relative;
  record.threshold = q.threshold;
  record.low = q.shock.low;
  record.high = q.shock.high;
  record.tolerance = found.tolerance;
  record.within = within;
  record.points = q.search.points;
  record.refine = q.search.refine;
  record.estimate = found.estimate;
  record.mean = found.interval.mean;
  record.ci_low = found.interval.low;
  record.ci_high = found.interval.high;
  record.censored = found.censored;
  record.at_low = found.at_low;
  record.non_monotone = found.non_monotone;
  record.replications = replications;
  record.shock = found.shock;
  record.crossing_share = found.crossing_share;
  record.crossed = found.crossed;
  record.observed = found.observed;
  record.breaking_point = found.breaking_point;
  return record;
}

// The share crossing at each value every replication was run at (the grid, shared midpoints).
void print_crossing_shares(const StressResult& found, int replications) {
  char line[256];
  std::snprintf(line, sizeof line, "%-16s %s\n", "shock", "share crossing");
  std::cout << line;
  const auto columns = found.shock.size();
  for (std::size_t j = 0; j < columns; ++j) {
    bool everyone = true;
    for (int r = 0; r < replications; ++r)
      everyone = everyone && found.observed[std::size_t(r) * columns + j] >= 0;
    if (!everyone) continue;
    std::snprintf(line, sizeof line, "%-16.6g %.3f\n", found.shock[j], found.crossing_share[j]);
    std::cout << line;
  }
  std::cout << '\n';
}

void print_breaking_point(const StressResult& found, const KeyRange& shock, int replications) {
  const int crossing = replications - found.censored;
  if (crossing == 0) {
    std::cout << "no replication crosses the threshold for " << shock.key << " up to "
              << fixed(shock.high) << "; no breaking point in this range\n";
    return;
  }
  if (std::isnan(found.estimate))
    std::cout << "breaking point (median): above " << fixed(shock.high)
              << " (fewer than half of the replications cross in the range)\n";
  else
    std::cout << "breaking point (median): " << fixed(found.estimate) << "\n";
  std::cout << "mean over the " << crossing
            << " crossing replications: " << fixed(found.interval.mean) << "  95% interval ["
            << fixed(found.interval.low) << ", " << fixed(found.interval.high) << "]\n"
            << "censored (no crossing up to " << fixed(shock.high) << "): " << found.censored
            << " of " << replications << "\n";
}

// The event a key events.N.* or events.NAME.* addresses in `scenario`, or -1.
int event_of(const std::string& key, const Scenario& scenario) {
  const std::string prefix = "events.";
  if (key.rfind(prefix, 0) != 0) return -1;
  const auto dot = key.find('.', prefix.size());
  if (dot == std::string::npos || dot == prefix.size()) return -1;
  const std::string segment = key.substr(prefix.size(), dot - prefix.size());
  for (std::size_t i = 0; i < scenario.events.size(); ++i)
    if (scenario.events[i].name == segment || std::to_string(i) == segment) return int(i);
  return -1;
}

class StressCommand final : public EnsembleCommand {
 public:
  StressCommand()
      : EnsembleCommand(
            {"clustersim stress SCENARIO --shock KEY=LO:HI --metric NAME --threshold X [options]",
             "Finds the shock at which a metric crosses a threshold: a grid over LO..HI run with "
             "every\nreplication (same seed: common random numbers), then bisection per "
             "replication.\nReports the median breaking point, the mean and 95% interval of the "
             "breaking points,\nthe replications censored (no crossing up to HI) and the share "
             "crossing at each shock.",
             "_stress.h5", "no progress bar, no table"}) {}

 protected:
  void add_options(po::options_description& options) override {
    options.add_options()("shock", po::value<std::string>()->required(),
                          "scenario key to vary and its range, KEY=LO:HI (any key --set accepts "
                          "that takes a real number)")(
        "metric", po::value<std::string>()->required(), "metric to watch")(
        "threshold", po::value<double>()->required(), "value the metric must reach to count")(
        "direction", po::value<std::string>()->default_value("auto"),
        "below: crossing is falling to <= threshold; above: rising to >= threshold; auto: below "
        "when the mean initial value (column 0, at LO) is above the threshold, else above")(
        "within", po::value<int>(),
        "months in which the crossing must happen (default: all); counted from the shock's "
        "event when the shock key is an event's (events.N.* or events.NAME.*), else from the "
        "calendar "
        "start")("points", po::value<int>()->default_value(9),
                 "grid values from LO to HI (at least 2)")(
        "refine", po::value<int>()->default_value(5), "bisection steps per replication (0..40)")(
        "relative", po::bool_switch(),
        "the threshold is a ratio to the same replication's metric in the same month at LO "
        "(paired baseline, common random numbers): --threshold 0.8 counts a fall to 80% of the "
        "run without the shock, so churn the baseline has anyway does not count; the metric "
        "must stay above 0 at LO; auto direction: below when the ratio is under 1");
  }

  bool resumable() const override { return true; }
  int tables_held() const override { return 0; }  // a run keeps one value or one row

  Scenario prepare(const po::variables_map& values, const ScenarioSource& source) override {
    question_ = read_question(values);
    source_ = source;
    Scenario at_low = source.load_with(question_.shock.key, question_.shock.low);
    source.load_with(question_.shock.key, question_.shock.high);  // the whole range must be valid
    replications_ = at_low.replications;
    metric_ = metric_index(cluster_model(at_low).metrics, question_.metric);
    const int months = at_low.calendar.months();
    // A shock on an event's key (events.N.* or events.NAME.*) acts from the event's month: the
    // window of `within` months starts there, and crossings before it are not the shock's.
    first_ = 0;
    if (const auto event = event_of(question_.shock.key, at_low); event >= 0)
      first_ =
          std::clamp(months_between(at_low.calendar.start, at_low.events[std::size_t(event)].date),
                     0, months - 1);
    within_ = values.count("within") ? values["within"].as<int>() : months - first_;
    if (within_ < 1 || within_ > months - first_)
      throw InputError("--within " + std::to_string(within_) + ": expected 1.." +
                       std::to_string(months - first_) +
                       (first_ > 0 ? " (months from the shock's event to the scenario's end)"
                                   : " (months in the scenario)"));
    plan_ = plan_text(at_low);
    return at_low;
  }

  void execute(const EnsembleSession& session) override {
    const long planned =
        long(replications_) * (question_.search.points + question_.search.refine + 1);
    SearchRuns runs(open_journal(session.output, plan_), session.stop, !session.quiet, planned);
    const auto reference = reference_runs(runs, session.scenario);
    choose_direction(reference);
    if (question_.relative) {
      baseline_ = reference;
      check_positive_baseline(session.scenario);
    }
    const auto evaluate = [&](double value, const std::vector<int>& which) {
      return crossings(runs, value, which);
    };
    found_ = find_breaking_points(question_.shock.low, question_.shock.high, replications_,
                                  question_.search, evaluate);
    runs.finish();
    session.writer.write_group(
        "/stress", to_datasets(make_record(question_, below_, within_, replications_, found_)));
  }

  void report(const EnsembleSession& session) override {
    print_warnings();
    if (session.quiet) return;
    const KeyRange& shock = question_.shock;
    std::cout << "scenario " << session.scenario.name << ": " << shock.key << " from "
              << fixed(shock.low) << " to " << fixed(shock.high)
              << "; crossing: " << question_.metric << (below_ ? " <= " : " >= ")
              << fixed(question_.threshold)
              << (question_.relative ? " x its value at " + fixed(shock.low) + " (same month)"
                                     : std::string())
              << " within " << within_ << " months"
              << (first_ > 0 ? " of the shock's event (from " +
                                   session.scenario.calendar.start.plus(first_).to_string() + ")"
                             : std::string())
              << "\n"
              << replications_ << " replications, " << question_.search.points << " grid values, "
              << question_.search.refine << " bisection steps (tolerance "
              << fixed(found_.tolerance) << "), written to " << session.output << "\n\n";
    print_crossing_shares(found_, replications_);
    print_breaking_point(found_, shock, replications_);
  }

 private:
  // Everything that decides the results: a resumed search must match it.
  std::string plan_text(const Scenario& at_low) const {
    const StressQuestion& q = question_;
    std::ostringstream text;
    text << plan_heading("stress", at_low) << "shock " << q.shock.key << "="
         << number_text(q.shock.low) << ":" << number_text(q.shock.high) << "\nmetric " << q.metric
         << " threshold " << number_text(q.threshold) << " direction " << q.direction
         << (q.relative ? " relative" : "") << " within " << within_ << "\npoints "
         << q.search.points << " refine " << q.search.refine << "\n"
         << to_toml(at_low);
    return text.str();
  }

  // The last column a crossing may be seen in.
  int last_column(const Scenario& scenario) const {
    return std::min(first_ + within_, scenario.calendar.months());
  }

  // The watched metric at LO of every replication: its initial state (column 0), or with
  // --relative its path to the window's end, the paired baseline.
  std::vector<ReplicationSeries> reference_runs(SearchRuns& runs, const Scenario& at_low) const {
    const ClusterModel model = cluster_model(at_low);
    const int months = question_.relative ? last_column(at_low) : 0;
    return runs.next(replications_, [&](int r) { return metric_path(model, metric_, r, months); });
  }

  // Whether each replication in `which` crosses at shock `value`: one world per
  // replication, stepped only until it crosses (or to the window's end).
  std::vector<std::uint8_t> crossings(SearchRuns& runs, double value,
                                      const std::vector<int>& which) const {
    const Scenario scenario = source_.load_with(question_.shock.key, value);
    const ClusterModel model = cluster_model(scenario);
    const int index = find_metric(model.metrics, question_.metric);
    if (index < 0)
      throw std::runtime_error("metric " + question_.metric + " missing at shock " + fixed(value));
    const int last = last_column(scenario);
    const auto flags = runs.next(int(which.size()), [&](int i) {
      const int r = which[std::size_t(i)];
      ReplicationRun<World> run(model, r, last);
      // Column t records month t - 1; the shock's event acts in month first_.
      return flag(run.advance_until([&](const ReplicationSeries& series, int t) {
        return t > first_ && crosses(series.at(index, t), below_, threshold_at(r, t));
      }));
    });
    std::vector<std::uint8_t> result;
    for (const auto& f : flags) result.push_back(f.at(0, 0) != 0 ? 1 : 0);
    return result;
  }

  // Direction: in relative mode from the ratio; else from the initial state at LO,
  // averaged over replications (in their order, so the sum is always the same).
  void choose_direction(const std::vector<ReplicationSeries>& reference) {
    if (question_.relative) {
      below_ = question_.direction == "auto" ? question_.threshold < 1.0
                                             : question_.direction == "below";
      return;
    }
    double initial = 0;
    for (const auto& path : reference) initial += path.at(0, 0) / replications_;
    below_ = question_.direction == "auto" ? initial > question_.threshold
                                           : question_.direction == "below";
    if (crosses(initial, below_, question_.threshold))
      std::cerr << "clustersim: warning: " << question_.metric << " starts at " << fixed(initial)
                << ", already " << (below_ ? "at or below" : "at or above") << " the threshold "
                << fixed(question_.threshold) << "\n";
  }

  // A ratio to the baseline means something only where the baseline is above 0. Bad
  // input found only by running: the journal's runs are of no use to a resume.
  void check_positive_baseline(const Scenario& scenario) {
    for (int r = 0; r < replications_; ++r)
      for (int t = first_ + 1; t <= last_column(scenario); ++t)
        if (const double v = baseline_[std::size_t(r)].at(0, t); !(v > 0)) {
          discard_journal();
          throw InputError("--relative: " + question_.metric + " is " + fixed(v) + " at " +
                           question_.shock.key + " = " + fixed(question_.shock.low) + " in " +
                           scenario.calendar.start.plus(t - 1).to_string() + " (replication " +
                           std::to_string(r) +
                           "); expected a metric above 0 throughout the window, since the "
                           "threshold is a ratio to it");
        }
  }

  // The level replication r must reach in column t.
  double threshold_at(int r, int t) const {
    if (!question_.relative) return question_.threshold;
    return question_.threshold * baseline_[std::size_t(r)].at(0, t);
  }

  void print_warnings() const {
    const KeyRange& shock = question_.shock;
    if (found_.at_low > 0)
      std::cerr << "clustersim: warning: " << found_.at_low << " of " << replications_
                << " replications already cross at " << shock.key << " = " << fixed(shock.low)
                << "; their breaking point is at most that (lower LO to locate it)\n";
    if (found_.non_monotone > 0)
      std::cerr << "clustersim: warning: " << found_.non_monotone << " of " << replications_
                << " replications cross at one grid value and not at a larger one; their "
                   "breaking point is the first crossing\n";
  }

  StressQuestion question_;
  ScenarioSource source_;
  int replications_ = 0, metric_ = -1, within_ = 0, first_ = 0;
  bool below_ = false;
  // --relative: the metric at LO per replication, months 0 .. the window's end
  std::vector<ReplicationSeries> baseline_;
  StressResult found_;
  std::string plan_;
};

}  // namespace

int stress_command(const std::vector<std::string>& args, const std::string& command_line) {
  return StressCommand().main(args, command_line);
}

}  // namespace clustersim::app
