#pragma once
// A stress question run on the cluster model: the reference runs at LO, then the search of
// analysis/stress, every run through the experiments runner. `clustersim stress` asks it
// from its options; `rerun` asks it again from a stress file's /stress group and scenario,
// so both go through this one code and a stress file can be remade bit for bit.
#include <atomic>
#include <optional>
#include <string>
#include <vector>

#include "analysis/records.hpp"
#include "analysis/run_journal.hpp"
#include "analysis/stress.hpp"
#include "app/ensemble_command.hpp"
#include "app/key_range.hpp"

namespace clustersim::app {

// What to find.
struct StressQuestion {
  KeyRange shock;
  std::string metric;
  double threshold = 0;
  std::string direction = "auto";  // auto, below or above
  bool relative = false;           // threshold is a ratio to the same replication's run at LO
  std::optional<int> within;       // months the crossing must happen in (default: to the end)
  StressSearchOptions search;
};

// A number in messages and reports: 6 significant digits.
std::string six_digits(double value);

// Throws InputError naming the option (--threshold, --direction, --points, --refine) that
// is out of range.
void check_question(const StressQuestion& question);

class StressSearch {
 public:
  // Loads the scenario at LO and at HI (the whole range must be valid) and checks the
  // metric and the window; throws InputError. Nothing runs yet.
  StressSearch(StressQuestion question, ScenarioSource source);

  // The reference at LO, then each evaluation the search asks for, each a variant of
  // `journal` (none: nullptr) in that order. Throws InputError when a --relative baseline
  // is not above 0 (the runs are then of no use), Interrupted once `stop` is set.
  StressRecord run(RunJournal* journal, const std::atomic<bool>& stop, bool show_progress);

  const StressQuestion& question() const { return question_; }
  const Scenario& at_low() const { return at_low_; }
  int replications() const { return at_low_.replications; }
  int within() const { return within_; }
  int first_month() const { return first_; }  // the window's start: the shock's event, or 0
  // After run:
  bool below() const { return below_; }
  const StressResult& found() const { return found_; }

 private:
  class Runs;
  int last_column() const;
  std::vector<ReplicationSeries> reference_runs(Runs& runs) const;
  std::vector<std::uint8_t> crossings(Runs& runs, double value,
                                      const std::vector<int>& which) const;
  void choose_direction(const std::vector<ReplicationSeries>& reference);
  void check_positive_baseline() const;
  double threshold_at(int r, int t) const;
  StressRecord record() const;

  StressQuestion question_;
  ScenarioSource source_;
  Scenario at_low_;
  int metric_ = -1, within_ = 0, first_ = 0;
  bool below_ = false;
  // --relative: the metric at LO per replication, months 0 .. the window's end
  std::vector<ReplicationSeries> baseline_;
  StressResult found_;
};

}  // namespace clustersim::app
