#pragma once
// An ensemble its caller steps month by month and keeps between calls: one ReplicationRun
// per replication (the stepper run_ensemble drives, so its columns equal a run's),
// advanced together, one oneTBB task per replication, each under a stop scope. The page
// steps, pauses and resumes one; the Python module steps one from a notebook.
#include <atomic>
#include <functional>
#include <memory>
#include <vector>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include "sim/simulation.hpp"

namespace clustersim {

template <class World>
class SteppedEnsemble {
 public:
  // Called after replication r recorded column t (t = 0 the initial state), from the
  // replication's task: calls for different replications may come at once.
  using OnRecorded = std::function<void(int replication, int column, const World& world)>;

  // Builds every world and records column 0. A stop (the flag) throws Interrupted.
  SteppedEnsemble(const ModelDefinition<World>& model, EnsembleShape shape,
                  const std::atomic<bool>* stop = nullptr, const OnRecorded& on_recorded = {})
      : shape_(shape),
        runs_(std::size_t(shape.replications)),
        table_(model.metrics, shape.replications, shape.months + 1) {
    for_each_replication(stop, [&](int r) {
      runs_[std::size_t(r)] = std::make_unique<ReplicationRun<World>>(
          model, shape_.first_replication + r, shape_.months);
      table_.set_replication(r, runs_[std::size_t(r)]->series());
      if (on_recorded) on_recorded(r, 0, runs_[std::size_t(r)]->world());
    });
  }

  int months_done() const { return months_done_; }
  int months() const { return shape_.months; }
  int replications() const { return shape_.replications; }
  bool finished() const { return months_done_ >= shape_.months; }
  // Columns 0 .. months_done() are filled; the rest are 0.
  const MetricTable& table() const { return table_; }
  const World& world(int replication) const { return runs_.at(std::size_t(replication))->world(); }

  // One month for every replication, recorded; nothing when finished. A stop throws
  // Interrupted with worlds part-way through the month: the ensemble cannot go on.
  void advance(const std::atomic<bool>* stop = nullptr, const OnRecorded& on_recorded = {}) {
    if (finished()) return;
    const int column = months_done_ + 1;
    for_each_replication(stop, [&](int r) {
      auto& run = *runs_[std::size_t(r)];
      run.advance();
      for (int m = 0; m < run.series().metrics(); ++m)
        table_.at(m, r, column) = run.series().at(m, column);
      if (on_recorded) on_recorded(r, column, run.world());
    });
    months_done_ = column;
  }

 private:
  template <class Body>
  void for_each_replication(const std::atomic<bool>* stop, const Body& body) {
    tbb::parallel_for(tbb::blocked_range<int>(0, shape_.replications, 1),
                      [&](const tbb::blocked_range<int>& range) {
                        const StopScope scope(stop);
                        for (int r = range.begin(); r != range.end(); ++r) body(r);
                      });
  }

  EnsembleShape shape_;
  std::vector<std::unique_ptr<ReplicationRun<World>>> runs_;
  MetricTable table_;
  int months_done_ = 0;
};

}  // namespace clustersim
