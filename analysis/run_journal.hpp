#pragma once
// The runs of an experiment that have finished, kept on disk as they finish so that an
// experiment killed at any point (kill -9, a lost machine) can be resumed: `--resume`
// runs only what the journal lacks, and the result is identical to an uninterrupted
// run because every run is a pure function of its (variant, replication).
//
// The journal is a folder beside the output, `.NAME.runs/`: `plan.txt` describes the
// experiment (a resumed experiment must describe itself identically), and one file per
// finished run holds its series, written under a temporary name and renamed, so a file
// that is there is whole.
#include <string>
#include <vector>

#include "sim/metric_table.hpp"

namespace clustersim {

class RunJournal {
 public:
  // The journal of the experiment writing `output`.
  static std::string folder_for(const std::string& output);

  // Opens the journal for `plan` (a full description of the experiment). A fresh
  // experiment (`resume` false) refuses an existing journal unless `discard` (it holds
  // an interrupted run's work); a resumed one refuses a journal of another plan.
  // Throws InputError.
  RunJournal(std::string folder, const std::string& plan, bool resume, bool discard);

  bool has(int variant, int replication) const;
  // Number of runs kept.
  int count() const { return int(done_.size()); }
  void save(int variant, int replication, const ReplicationSeries& series);
  ReplicationSeries load(int variant, int replication) const;
  // After the results are committed: the journal is no longer needed.
  void remove();

  const std::string& folder() const { return folder_; }

 private:
  std::string file_of(int variant, int replication) const;
  std::string folder_;
  std::vector<std::pair<int, int>> done_;  // sorted
};

}  // namespace clustersim
