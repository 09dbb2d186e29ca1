#pragma once
// A one-at-a-time sweep on the cluster model: the scenario, then each key at its low and
// its high value, every run on the same seeds through the experiments runner. `clustersim
// sweep` plans it from its options; `rerun` plans it again from a sweep file's /sweep group
// and scenario, so both run this one code and a sweep file can be remade bit for bit.
#include <atomic>
#include <optional>
#include <string>
#include <vector>

#include "analysis/records.hpp"
#include "analysis/run_journal.hpp"
#include "app/ensemble_command.hpp"
#include "app/key_range.hpp"

namespace clustersim::app {

class SweepPlan {
 public:
  // Loads every scenario the sweep runs, so bad input (a key, a value, the metric, the
  // month YYYY-MM, default the last) throws InputError before anything runs.
  SweepPlan(std::vector<KeyRange> ranges, const std::string& metric,
            const std::optional<std::string>& month, const ScenarioSource& source);

  const Scenario& baseline() const { return runs_.front(); }
  const std::vector<KeyRange>& ranges() const { return ranges_; }

  // Every run, each a variant of `journal` (none: nullptr): 0 the scenario, then each key
  // at its low and its high value. Throws Interrupted once `stop` is set.
  SweepRecord run(RunJournal* journal, const std::atomic<bool>& stop, bool show_progress) const;

 private:
  std::vector<KeyRange> ranges_;
  std::vector<Scenario> runs_;  // the variants, in the journal's order
  std::string metric_, label_;
  int metric_index_ = 0, column_ = 0;
};

}  // namespace clustersim::app
