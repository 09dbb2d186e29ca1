#include "stepper.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <stdexcept>

#include "app/options.hpp"
#include "interruptible.hpp"
#include "sim/interrupt.hpp"
#include "sim/results_file.hpp"

namespace clustersim::python {
namespace {

// Runs body(r) for every replication, one oneTBB task each, every task watching `stop`.
template <class Body>
void for_each_replication(int replications, const std::atomic<bool>* stop, Body&& body) {
  tbb::parallel_for(tbb::blocked_range<int>(0, replications, 1),
                    [&](const tbb::blocked_range<int>& range) {
                      const StopScope scope(stop);
                      for (int r = range.begin(); r != range.end(); ++r) body(r);
                    });
}

}  // namespace

Stepper::Stepper(LoadedScenario scenario, int threads)
    : scenario_(std::move(scenario)),
      threads_(threads),
      model_(cluster_model(scenario_.scenario)),
      shape_(ensemble_shape(scenario_.scenario)),
      labels_(column_labels(scenario_.scenario.calendar)),
      runs_(std::size_t(shape_.replications)),
      table_(model_.metrics, shape_.replications, shape_.months + 1) {
  run_interruptible([this](const std::atomic<bool>* stop) { build(stop); });
}

// As the engine does: each replication builds its world and records column 0.
void Stepper::build(const std::atomic<bool>* stop) {
  const app::ThreadLimit limit(threads_);
  for_each_replication(shape_.replications, stop, [&](int r) {
    runs_[std::size_t(r)] = std::make_unique<ReplicationRun<World>>(model_, r, shape_.months);
    table_.set_replication(r, runs_[std::size_t(r)]->series());
  });
}

void Stepper::advance(const std::atomic<bool>* stop) {
  const int column = months_done_ + 1;
  for_each_replication(shape_.replications, stop, [&](int r) {
    auto& run = *runs_[std::size_t(r)];
    run.advance();
    for (int m = 0; m < run.series().metrics(); ++m)
      table_.at(m, r, column) = run.series().at(m, column);
  });
  months_done_ = column;
}

void Stepper::step(int months) {
  check_usable();
  if (months < 0) throw std::invalid_argument("months: expected 0 or more");
  broken_ = true;  // until the months are done: an interrupted month leaves worlds half-stepped
  run_interruptible([&](const std::atomic<bool>* stop) {
    const app::ThreadLimit limit(threads_);
    for (int i = 0; i < months && months_done_ < shape_.months; ++i) advance(stop);
  });
  broken_ = false;
}

const World& Stepper::world(int replication) const {
  check_usable();
  if (replication < 0 || replication >= shape_.replications)
    throw std::out_of_range("replication " + std::to_string(replication) + ": expected 0 to " +
                            std::to_string(shape_.replications - 1));
  return runs_[std::size_t(replication)]->world();
}

void Stepper::check_usable() const {
  if (broken_)
    throw std::runtime_error(
        "this stepper was interrupted in the middle of a month; make a new one");
}

}  // namespace clustersim::python
