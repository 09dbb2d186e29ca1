// `clustersim stress`: the shock at which a metric crosses a threshold. The search itself
// (grid, bisection, summary) is analysis/stress; app/stress_search runs it on the cluster
// model through the experiments runner (analysis/experiment_runner.hpp); this file gives
// it a journal, so an interrupted search resumes, and reports what it found.
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <optional>
#include <sstream>

#include "analysis/records.hpp"
#include "app/commands.hpp"
#include "app/ensemble_command.hpp"
#include "app/key_range.hpp"
#include "app/stress_search.hpp"
#include "models/scenario/scenario_writer.hpp"
#include "sim/diagnostics.hpp"

namespace clustersim::app {
namespace {

StressQuestion read_question(const po::variables_map& values) {
  StressQuestion q;
  q.shock = parse_key_range("--shock", values["shock"].as<std::string>());
  q.metric = values["metric"].as<std::string>();
  q.threshold = values["threshold"].as<double>();
  q.relative = values["relative"].as<bool>();
  q.direction = values["direction"].as<std::string>();
  if (values.count("within")) q.within = values["within"].as<int>();
  q.search.points = values["points"].as<int>();
  q.search.refine = values["refine"].as<int>();
  return q;
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
              << six_digits(shock.high) << "; no breaking point in this range\n";
    return;
  }
  if (std::isnan(found.estimate))
    std::cout << "breaking point (median): above " << six_digits(shock.high)
              << " (fewer than half of the replications cross in the range)\n";
  else
    std::cout << "breaking point (median): " << six_digits(found.estimate) << "\n";
  std::cout << "mean over the " << crossing << " crossing replication" << (crossing == 1 ? "" : "s")
            << ": " << six_digits(found.interval.mean);
  // One breaking point has no spread; the mean of points in [LO, HI] cannot leave it.
  if (crossing >= 2)
    std::cout << "  95% interval [" << six_digits(std::max(found.interval.low, shock.low)) << ", "
              << six_digits(std::min(found.interval.high, shock.high)) << "]\n";
  else
    std::cout << "  95% interval n/a (one crossing replication)\n";
  std::cout << "censored (no crossing up to " << six_digits(shock.high) << "): " << found.censored
            << " of " << replications << "\n";
  if (found.at_low > 0)
    std::cout << "already crossing at " << six_digits(shock.low) << ": " << found.at_low << " of "
              << replications << " (their breaking point lies at or below it: lower LO)\n";
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
  std::string shard_refusal() const override {
    return "its search picks each evaluation from the results of the last ones, so the runs "
           "are not known in advance";
  }
  int tables_held() const override { return 0; }  // a run keeps one value or one row

  Scenario prepare(const po::variables_map& values, const ScenarioSource& source) override {
    const auto question = read_question(values);
    refuse_keys_also_set(set_values(values), {question.shock.key}, {question.shock.origin});
    search_.emplace(question, source);
    plan_ = plan_text();
    return search_->at_low();
  }

  void execute(const EnsembleSession& session) override {
    StressRecord record;
    try {
      record = search_->run(open_journal(session.output, plan_), session.stop, !session.quiet);
    } catch (const InputError&) {
      discard_journal();  // bad input found only by running: the runs are of no use to a resume
      throw;
    }
    session.writer.write_group("/stress", to_datasets(record));
  }

  void report(const EnsembleSession& session) override {
    print_warnings();
    if (session.quiet) return;
    const StressQuestion& q = search_->question();
    const StressResult& found = search_->found();
    const int first = search_->first_month();
    std::cout << "scenario " << session.scenario.name << ": " << q.shock.key << " from "
              << six_digits(q.shock.low) << " to " << six_digits(q.shock.high)
              << "; crossing: " << q.metric << (search_->below() ? " <= " : " >= ")
              << six_digits(q.threshold)
              << (q.relative ? " x its value at " + six_digits(q.shock.low) + " (same month)"
                             : std::string())
              << " within " << search_->within() << " months"
              << (first > 0 ? " of the shock's event (from " +
                                  session.scenario.calendar.start.plus(first).to_string() + ")"
                            : std::string())
              << "\n"
              << search_->replications() << " replications, " << q.search.points << " grid values, "
              << q.search.refine << " bisection steps (tolerance " << six_digits(found.tolerance)
              << "), written to " << session.output << "\n\n";
    print_crossing_shares(found, search_->replications());
    print_breaking_point(found, q.shock, search_->replications());
  }

 private:
  // Everything that decides the results: a resumed search must match it.
  std::string plan_text() const {
    const StressQuestion& q = search_->question();
    std::ostringstream text;
    text << plan_heading("stress", search_->at_low()) << "shock " << q.shock.key << "="
         << number_text(q.shock.low) << ":" << number_text(q.shock.high) << "\nmetric " << q.metric
         << " threshold " << number_text(q.threshold) << " direction " << q.direction
         << (q.relative ? " relative" : "") << " within " << search_->within() << "\npoints "
         << q.search.points << " refine " << q.search.refine << "\n"
         << to_toml(search_->at_low());
    return text.str();
  }

  void print_warnings() const {
    const KeyRange& shock = search_->question().shock;
    const StressResult& found = search_->found();
    const int replications = search_->replications();
    if (found.at_low > 0)
      std::cerr << "clustersim: warning: " << found.at_low << " of " << replications
                << " replications already cross at " << shock.key << " = " << six_digits(shock.low)
                << "; their breaking point is at most that (lower LO to locate it)\n";
    if (found.non_monotone > 0)
      std::cerr << "clustersim: warning: " << found.non_monotone << " of " << replications
                << " replications cross at one grid value and not at a larger one; their "
                   "breaking point is the first crossing\n";
  }

  std::optional<StressSearch> search_;
  std::string plan_;
};

}  // namespace

int stress_command(const std::vector<std::string>& args, const std::string& command_line) {
  return StressCommand().main(args, command_line);
}

}  // namespace clustersim::app
