#pragma once
// Where an experiment's runs execute beyond this process's threads. The program installs
// one of these before a command runs, and the one runner (experiment_runner.hpp) consults
// them, so every experiment command gets them alike:
// - a RunDistributor: the ranks of an MPI job (app/mpi_runs.cpp). Rank 0 coordinates,
//   handing the next run to whichever worker asks, and receives every run's series;
// - a RunShard: one share of the runs, for one task of a job array (`--shard i/N`), whose
//   series go to a part file that `clustersim merge` joins.
// Both keep the runs pure functions of their (variant, replication), so results equal a
// one-process run's. The runner knows nothing of MPI or files here.
#include <atomic>
#include <functional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "sim/metric_table.hpp"

namespace clustersim {

struct SharedRun {
  int variant = 0, replication = 0;
  ReplicationSeries series{0, 0};
  std::string attachment = {};  // ExperimentCallbacks::attachment's bytes, if any
};

class RunDistributor {
 public:
  virtual ~RunDistributor() = default;
  // Rank 0: the one that coordinates, journals and writes.
  virtual bool coordinator() const = 0;
  // Coordinator: hands `pending` out in order to the workers as they ask and calls
  // `finished` on this thread for each run as it arrives. A worker's failure throws,
  // naming the rank and the run; a stop throws Interrupted, naming what ranks were running.
  virtual void coordinate(const std::vector<std::pair<int, int>>& pending,
                          const std::function<void(const SharedRun&)>& finished,
                          const std::atomic<bool>* stop) = 0;
  // Worker: runs what the coordinator hands out until it says the call is done.
  virtual void serve(const std::function<SharedRun(int variant, int replication)>& run,
                     const std::atomic<bool>* stop) = 0;
  // Every rank: the coordinator's `runs` replace the workers' (a search, whose next runs
  // depend on these, proceeds identically on every rank).
  virtual void share_runs(std::vector<SharedRun>& runs) = 0;
  // Every rank: the coordinator's `text`.
  virtual std::string share_text(const std::string& text) = 0;
};

// Thrown on rank 0 when a worker's run failed: names the rank and the run.
struct RunFailedOnRank : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Thrown on a worker rank once it has served a call whose results it does not need:
// the coordinator writes the results, so the command ends there on that rank (exit 0).
struct WorkerDone {};

// Where a shard's runs go (analysis/shard_part.hpp writes them to a part file).
class ShardSink {
 public:
  virtual ~ShardSink() = default;
  virtual void add(int variant, int replication, const ReplicationSeries& series) = 0;
  // The whole share is in: the part is written; then the runner throws ShardWritten.
  virtual void commit() = 0;
};

// Thrown once a shard's part is written: the command's own results need every shard
// (`clustersim merge`), so it ends there.
struct ShardWritten {
  long runs = 0;
};

// One share of an experiment: run k of the plan (counted in (variant, replication)
// order from 0) belongs to shard k mod count.
struct RunShard {
  int index = 0, count = 1;
  ShardSink* sink = nullptr;
  bool owns(long run) const { return run % count == index; }
};

// The program's settings (none: this process's threads run everything).
void set_run_distributor(RunDistributor* distributor);
RunDistributor* run_distributor();
void set_run_shard(const RunShard* shard);
const RunShard* run_shard();

}  // namespace clustersim
