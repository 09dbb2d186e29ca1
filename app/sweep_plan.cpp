#include "app/sweep_plan.hpp"

#include "analysis/experiment_runner.hpp"
#include "analysis/summary.hpp"
#include "app/metric_lookup.hpp"
#include "sim/progress.hpp"

namespace clustersim::app {

SweepPlan::SweepPlan(std::vector<KeyRange> ranges, const std::string& metric,
                     const std::optional<std::string>& month, const ScenarioSource& source)
    : ranges_(std::move(ranges)), metric_(metric) {
  runs_.push_back(source.load());
  for (const auto& range : ranges_) {
    runs_.push_back(source.load_with(range, range.low));
    runs_.push_back(source.load_with(range, range.high));
  }
  metric_index_ = metric_index(cluster_model(baseline()).metrics, metric_);
  const auto labels = column_labels(baseline().calendar);
  column_ = month ? month_column(labels, *month, "--month") : int(labels.size()) - 1;
  label_ = labels[std::size_t(column_)];
}

SweepRecord SweepPlan::run(RunJournal* journal, const std::atomic<bool>& stop,
                           bool show_progress) const {
  const int replications = baseline().replications;
  // Only the compared column of the metric is kept of each run.
  std::vector<std::vector<double>> kept(runs_.size(),
                                        std::vector<double>(std::size_t(replications)));
  ProgressBar progress(show_progress);
  ExperimentCallbacks callbacks;
  callbacks.run = [&](int v, int r) { return run_replication(runs_[std::size_t(v)], r, &stop); };
  callbacks.finished = [&](int v, int r, const ReplicationSeries& series) {
    kept[std::size_t(v)][std::size_t(r)] = series.at(metric_index_, column_);
  };
  callbacks.progress = [&](long done, long total) { progress.update(done, total); };
  run_experiment({int(runs_.size()), replications}, journal, callbacks, &stop);
  progress.clear();

  SweepRecord record;
  record.metric = metric_;
  record.label = label_;
  record.replications = replications;
  record.baseline = kept[0];
  for (std::size_t k = 0; k < ranges_.size(); ++k) {
    const auto &low = kept[1 + 2 * k], &high = kept[2 + 2 * k];
    const Interval effect = paired_difference(low, high);
    record.keys.push_back(ranges_[k].key);
    record.low.push_back(ranges_[k].low);
    record.high.push_back(ranges_[k].high);
    record.at_low.insert(record.at_low.end(), low.begin(), low.end());
    record.at_high.insert(record.at_high.end(), high.begin(), high.end());
    record.effect.push_back(effect.mean);
    record.effect_low.push_back(effect.low);
    record.effect_high.push_back(effect.high);
  }
  return record;
}

}  // namespace clustersim::app
