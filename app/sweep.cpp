// `clustersim sweep`: one-at-a-time sensitivity of a metric to scenario keys. Each key is
// set to its low and its high value with everything else at the scenario's; with one
// seed, replication r of every run shares its random numbers, so the effect high - low
// is a paired difference with a narrow interval. Keys are ranked by |effect| (a tornado).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <sstream>

#include "analysis/experiment_runner.hpp"
#include "analysis/records.hpp"
#include "analysis/summary.hpp"
#include "app/commands.hpp"
#include "app/ensemble_command.hpp"
#include "app/key_range.hpp"
#include "app/metric_lookup.hpp"
#include "models/scenario/scenario_writer.hpp"
#include "sim/diagnostics.hpp"
#include "sim/progress.hpp"

namespace clustersim::app {
namespace {

// The column labelled `--month` (default: the last).
int compared_column(const po::variables_map& values, const std::vector<std::string>& labels) {
  if (!values.count("month")) return int(labels.size()) - 1;
  return month_column(labels, values["month"].as<std::string>(), "--month");
}

class SweepCommand final : public EnsembleCommand {
 public:
  SweepCommand()
      : EnsembleCommand(
            {"clustersim sweep SCENARIO --vary KEY=LO:HI... --metric NAME",
             "One-at-a-time sensitivity analysis: runs the scenario with each --vary key at its "
             "low and high value (others unchanged) and ranks the keys by the paired effect on "
             "the metric.",
             "_sweep.h5", "no progress bar, no table"}) {}

 protected:
  void add_options(po::options_description& options) override {
    options.add_options()("vary", po::value<std::vector<std::string>>()->composing()->required(),
                          "a key and its range, KEY=LO:HI (repeatable)")(
        "metric", po::value<std::string>()->required(), "metric whose sensitivity is measured")(
        "month", po::value<std::string>(), "column compared, YYYY-MM (default: the last)");
  }

  Scenario prepare(const po::variables_map& values, const ScenarioSource& source) override {
    for (const auto& text : values["vary"].as<std::vector<std::string>>())
      ranges_.push_back(parse_key_range("--vary", text));
    // Everything is loaded before anything runs, so bad input writes nothing.
    Scenario baseline = source.load();
    for (const auto& range : ranges_)
      variants_.emplace_back(source.load_with(range.key, range.low),
                             source.load_with(range.key, range.high));
    record_.metric = values["metric"].as<std::string>();
    metric_ = metric_index(cluster_model(baseline).metrics, record_.metric);
    const auto labels = column_labels(baseline.calendar);
    column_ = compared_column(values, labels);
    record_.label = labels[std::size_t(column_)];
    record_.replications = baseline.replications;
    plan_ = plan_text(baseline);
    return baseline;
  }

  void execute(const EnsembleSession& session) override {
    // The plan: the baseline, then each key at its low and high value, every run on the
    // same seeds, through the one runner; one bar over every run.
    std::vector<Scenario> plan = {session.scenario};
    for (const auto& [low, high] : variants_) {
      plan.push_back(low);
      plan.push_back(high);
    }
    // Only the compared column of the metric is kept of each run.
    std::vector<std::vector<double>> kept(plan.size(),
                                          std::vector<double>(std::size_t(record_.replications)));
    ProgressBar progress(!session.quiet);
    ExperimentCallbacks callbacks;
    callbacks.run = [&](int v, int r) {
      return run_replication(plan[std::size_t(v)], r, &session.stop);
    };
    callbacks.finished = [&](int v, int r, const ReplicationSeries& series) {
      kept[std::size_t(v)][std::size_t(r)] = series.at(metric_, column_);
    };
    callbacks.progress = [&](long done, long total) { progress.update(done, total); };
    run_experiment({int(plan.size()), record_.replications}, open_journal(session.output, plan_),
                   callbacks, &session.stop);
    const auto values_of = [&](std::size_t v) { return kept[v]; };
    record_.baseline = values_of(0);
    for (std::size_t k = 0; k < ranges_.size(); ++k) {
      const auto low = values_of(1 + 2 * k), high = values_of(2 + 2 * k);
      const Interval effect = paired_difference(low, high);
      record_.keys.push_back(ranges_[k].key);
      record_.low.push_back(ranges_[k].low);
      record_.high.push_back(ranges_[k].high);
      record_.at_low.insert(record_.at_low.end(), low.begin(), low.end());
      record_.at_high.insert(record_.at_high.end(), high.begin(), high.end());
      record_.effect.push_back(effect.mean);
      record_.effect_low.push_back(effect.low);
      record_.effect_high.push_back(effect.high);
    }
    progress.clear();
    session.writer.write_group("/sweep", to_datasets(record_));
  }

  // Runs stream through the runner: only the compared values are kept.
  int tables_held() const override { return 0; }
  bool resumable() const override { return true; }

  void report(const EnsembleSession& session) override {
    if (session.quiet) return;
    std::cout << "sensitivity of " << record_.metric << " at " << record_.label
              << " (baseline mean " << mean_interval(record_.baseline).mean << "), "
              << record_.replications << " paired replications, written to " << session.output
              << "\n\n";
    print_tornado();
  }

 private:
  // Everything that decides the runs' results: a resumed sweep must match it. Variant 0 is
  // the scenario, then each key at its low and its high value.
  std::string plan_text(const Scenario& baseline) const {
    std::ostringstream text;
    text << plan_heading("sweep", baseline);
    for (const auto& range : ranges_)
      text << "vary " << range.key << "=" << number_text(range.low) << ":"
           << number_text(range.high) << "\n";
    text << to_toml(baseline);
    return text.str();
  }

  // Keys by |effect|, largest first; '*' marks intervals that exclude 0.
  void print_tornado() const {
    std::vector<std::size_t> order(ranges_.size());
    for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return std::abs(record_.effect[a]) > std::abs(record_.effect[b]);
    });
    char line[256];
    std::snprintf(line, sizeof line, "%-44s %10s %10s %12s  %s\n", "key (largest effect first)",
                  "low", "high", "high - low", "95% interval");
    std::cout << line;
    for (const auto k : order) {
      std::snprintf(line, sizeof line, "%-44s %10.4g %10.4g %12.4g  [%.4g, %.4g]%s\n",
                    record_.keys[k].c_str(), record_.low[k], record_.high[k], record_.effect[k],
                    record_.effect_low[k], record_.effect_high[k],
                    record_.effect_low[k] > 0 || record_.effect_high[k] < 0 ? " *" : "");
      std::cout << line;
    }
  }

  std::vector<KeyRange> ranges_;
  std::vector<std::pair<Scenario, Scenario>> variants_;
  int column_ = 0, metric_ = 0;
  SweepRecord record_;
  std::string plan_;
};

}  // namespace

int sweep_command(const std::vector<std::string>& args, const std::string& command_line) {
  return SweepCommand().main(args, command_line);
}

}  // namespace clustersim::app
