#include "app/stress_search.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <iostream>
#include <stdexcept>

#include "analysis/experiment_runner.hpp"
#include "app/metric_lookup.hpp"
#include "sim/diagnostics.hpp"
#include "sim/progress.hpp"

namespace clustersim::app {
namespace {

bool crosses(double value, bool below, double threshold) {
  return below ? value <= threshold : value >= threshold;
}

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

}  // namespace

std::string six_digits(double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.6g", value);
  return buffer;
}

void check_question(const StressQuestion& q) {
  if (!std::isfinite(q.threshold))
    throw InputError("--threshold: expected a finite number, got " + six_digits(q.threshold));
  if (q.relative && !(q.threshold > 0 && q.threshold != 1))
    throw InputError("--threshold " + six_digits(q.threshold) +
                     ": expected a ratio above 0 and other than 1 with --relative (0.8: 80% of "
                     "the run at LO)");
  if (q.direction != "auto" && q.direction != "below" && q.direction != "above")
    throw InputError("--direction " + q.direction + ": expected auto, below or above");
  if (q.search.points < 2)
    throw InputError("--points " + std::to_string(q.search.points) + ": expected at least 2");
  if (q.search.refine < 0 || q.search.refine > 40)
    throw InputError("--refine " + std::to_string(q.search.refine) + ": expected 0..40");
}

// The search's runs, through the experiments runner: each call is the next variant of
// one journal (0: the reference at LO, then the evaluations in the order the search asks
// for them). The search is deterministic, so a resumed one asks for the same evaluations
// and the journal replays those that finished.
class StressSearch::Runs {
 public:
  Runs(RunJournal* journal, const std::atomic<bool>& stop, bool show_progress, long planned)
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
    shape.steers_next_runs = true;  // the search picks its next evaluation from these
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

StressSearch::StressSearch(StressQuestion question, ScenarioSource source)
    : question_(std::move(question)), source_(std::move(source)) {
  check_question(question_);
  const KeyRange& shock = question_.shock;
  at_low_ = source_.load_with(shock, shock.low);
  source_.load_with(shock, shock.high);  // the whole range must be valid
  metric_ = metric_index(cluster_model(at_low_).metrics, question_.metric);
  const int months = at_low_.calendar.months();
  // A shock on an event's key (events.N.* or events.NAME.*) acts from the event's month: the
  // window of `within` months starts there, and crossings before it are not the shock's.
  if (const auto event = event_of(shock.key, at_low_); event >= 0)
    first_ =
        std::clamp(months_between(at_low_.calendar.start, at_low_.events[std::size_t(event)].date),
                   0, months - 1);
  within_ = question_.within.value_or(months - first_);
  if (within_ < 1 || within_ > months - first_)
    throw InputError("--within " + std::to_string(within_) + ": expected 1.." +
                     std::to_string(months - first_) +
                     (first_ > 0 ? " (months from the shock's event to the scenario's end)"
                                 : " (months in the scenario)"));
}

StressRecord StressSearch::run(RunJournal* journal, const std::atomic<bool>& stop,
                               bool show_progress) {
  const long planned =
      long(replications()) * (question_.search.points + question_.search.refine + 1);
  Runs runs(journal, stop, show_progress, planned);
  const auto reference = reference_runs(runs);
  choose_direction(reference);
  if (question_.relative) {
    baseline_ = reference;
    check_positive_baseline();
  }
  const auto evaluate = [&](double value, const std::vector<int>& which) {
    return crossings(runs, value, which);
  };
  found_ = find_breaking_points(question_.shock.low, question_.shock.high, replications(),
                                question_.search, evaluate);
  runs.finish();
  return record();
}

// The last column a crossing may be seen in.
int StressSearch::last_column() const {
  return std::min(first_ + within_, at_low_.calendar.months());
}

// The watched metric at LO of every replication: its initial state (column 0), or with
// --relative its path to the window's end, the paired baseline.
std::vector<ReplicationSeries> StressSearch::reference_runs(Runs& runs) const {
  const ClusterModel model = cluster_model(at_low_);
  const int months = question_.relative ? last_column() : 0;
  return runs.next(replications(), [&](int r) { return metric_path(model, metric_, r, months); });
}

// Whether each replication in `which` crosses at shock `value`: one world per
// replication, stepped only until it crosses (or to the window's end).
std::vector<std::uint8_t> StressSearch::crossings(Runs& runs, double value,
                                                  const std::vector<int>& which) const {
  const Scenario scenario = source_.load_with(question_.shock, value);
  const ClusterModel model = cluster_model(scenario);
  const int index = find_metric(model.metrics, question_.metric);
  if (index < 0)
    throw std::runtime_error("metric " + question_.metric + " missing at shock " +
                             six_digits(value));
  const int last = last_column();
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
void StressSearch::choose_direction(const std::vector<ReplicationSeries>& reference) {
  const std::string& direction = question_.direction;
  if (question_.relative) {
    below_ = direction == "auto" ? question_.threshold < 1.0 : direction == "below";
    return;
  }
  double initial = 0;
  for (const auto& path : reference) initial += path.at(0, 0) / replications();
  below_ = direction == "auto" ? initial > question_.threshold : direction == "below";
  if (crosses(initial, below_, question_.threshold))
    std::cerr << "clustersim: warning: " << question_.metric << " starts at " << six_digits(initial)
              << ", already " << (below_ ? "at or below" : "at or above") << " the threshold "
              << six_digits(question_.threshold) << "\n";
}

// A ratio to the baseline means something only where the baseline is above 0.
void StressSearch::check_positive_baseline() const {
  for (int r = 0; r < replications(); ++r)
    for (int t = first_ + 1; t <= last_column(); ++t)
      if (const double v = baseline_[std::size_t(r)].at(0, t); !(v > 0))
        throw InputError("--relative: " + question_.metric + " is " + six_digits(v) + " at " +
                         question_.shock.key + " = " + six_digits(question_.shock.low) + " in " +
                         at_low_.calendar.start.plus(t - 1).to_string() + " (replication " +
                         std::to_string(r) +
                         "); expected a metric above 0 throughout the window, since the "
                         "threshold is a ratio to it");
}

// The level replication r must reach in column t.
double StressSearch::threshold_at(int r, int t) const {
  if (!question_.relative) return question_.threshold;
  return question_.threshold * baseline_[std::size_t(r)].at(0, t);
}

StressRecord StressSearch::record() const {
  const StressQuestion& q = question_;
  StressRecord record;
  record.key = q.shock.key;
  record.metric = q.metric;
  record.direction = below_ ? "below" : "above";
  record.relative = q.relative;
  record.threshold = q.threshold;
  record.low = q.shock.low;
  record.high = q.shock.high;
  record.tolerance = found_.tolerance;
  record.within = within_;
  record.points = q.search.points;
  record.refine = q.search.refine;
  record.estimate = found_.estimate;
  record.mean = found_.interval.mean;
  record.ci_low = found_.interval.low;
  record.ci_high = found_.interval.high;
  record.censored = found_.censored;
  record.at_low = found_.at_low;
  record.non_monotone = found_.non_monotone;
  record.replications = replications();
  record.shock = found_.shock;
  record.crossing_share = found_.crossing_share;
  record.crossed = found_.crossed;
  record.observed = found_.observed;
  record.breaking_point = found_.breaking_point;
  return record;
}

}  // namespace clustersim::app
