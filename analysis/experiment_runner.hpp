#pragma once
// The one runner of experiments: a plan of variants (design points, policies) times
// replications, each run a pure function of its (variant, replication), executed in
// parallel with a journal that makes any interruption resumable. Commands build the plan
// and say how one run is made (the model, its scenario); the runner schedules, keeps,
// replays and reports. It knows nothing of clusters.
#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "analysis/run_journal.hpp"
#include "sim/metric_table.hpp"

namespace clustersim {

struct ExperimentShape {
  int variants = 1;
  int replications = 1;
  // Replications of each variant when they differ (a compare whose variant sets its own
  // count); empty: `replications` for every variant.
  std::vector<int> replications_of_variant = {};
  // The number of the first variant (its callbacks' and journal's): a search that decides
  // its next evaluation from the last runs each as one call, all in one journal.
  int first_variant = 0;
  // The results decide what runs next (stress's search, calibrate's optimiser): under MPI
  // every rank receives them so each follows the same search; such runs cannot be sharded.
  bool steers_next_runs = false;

  // `variant` counts from 0, not from first_variant.
  int replications_of(int variant) const {
    return replications_of_variant.empty() ? replications
                                           : replications_of_variant[std::size_t(variant)];
  }
  long runs() const {
    long total = 0;
    for (int v = 0; v < variants; ++v) total += replications_of(v);
    return total;
  }
};

struct ExperimentCallbacks {
  // Runs replication `replication` of variant `variant`; any thread, concurrently.
  std::function<ReplicationSeries(int variant, int replication)> run;
  // Every run once, fresh or replayed from the journal; calls are serialised.
  std::function<void(int variant, int replication, const ReplicationSeries&)> finished;
  // Optional: what the process that made run (v, r) adds to its series, right after
  // `run` (e.g. the snapshots of its world), handed to `attached` where the run is
  // finished (rank 0 under MPI), before `finished`. Not journaled.
  std::function<std::string(int variant, int replication)> attachment;
  std::function<void(int variant, int replication, const std::string&)> attached;
  // Runs done out of all; serialised.
  std::function<void(long done, long total)> progress;
};

// Replays the journal's runs, then runs the rest, taking them in (variant, replication)
// order as workers free up, one world per worker. A stop (the flag) or a failed run ends
// the others, within a chunk of their work (each run has a StopScope over both,
// sim/interrupt.hpp), and is rethrown; what finished stays in the journal.
// `journal` nullptr: nothing is kept (the page's experiments, which a tab re-runs).
// With a RunDistributor installed (analysis/run_distribution.hpp), rank 0 journals and
// finishes every run while the workers make them; a worker then throws WorkerDone unless
// `shape.steers_next_runs`. With a RunShard, only the shard's runs are made, into its
// sink, and ShardWritten is thrown once the part is written.
// Test-only failure injection: CLUSTERSIM_FAIL_RUN=V/R makes run (V, R) throw, and
// CLUSTERSIM_KILL_RUN=V/R kills the process making it (SIGKILL); see docs/scaling.md.
void run_experiment(const ExperimentShape& shape, RunJournal* journal,
                    const ExperimentCallbacks& callbacks, const std::atomic<bool>* stop);

}  // namespace clustersim
