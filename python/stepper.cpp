#include "stepper.hpp"

#include <stdexcept>

#include "app/options.hpp"
#include "interruptible.hpp"
#include "sim/interrupt.hpp"
#include "sim/results_file.hpp"

namespace clustersim::python {

Stepper::Stepper(LoadedScenario scenario, int threads)
    : scenario_(std::move(scenario)),
      threads_(threads),
      model_(cluster_model(scenario_.scenario)),
      labels_(column_labels(scenario_.scenario.calendar)) {
  run_interruptible([this](const std::atomic<bool>* stop) {
    const app::ThreadLimit limit(threads_);
    ensemble_ =
        std::make_unique<SteppedEnsemble<World>>(model_, ensemble_shape(scenario_.scenario), stop);
  });
}

void Stepper::step(int months) {
  check_usable();
  if (months < 0) throw std::invalid_argument("months: expected 0 or more");
  broken_ = true;  // until the months are done: an interrupted month leaves worlds half-stepped
  run_interruptible([&](const std::atomic<bool>* stop) {
    const app::ThreadLimit limit(threads_);
    for (int i = 0; i < months && !ensemble_->finished(); ++i) ensemble_->advance(stop);
  });
  broken_ = false;
}

const World& Stepper::world(int replication) const {
  check_usable();
  if (replication < 0 || replication >= replications())
    throw std::out_of_range("replication " + std::to_string(replication) + ": expected 0 to " +
                            std::to_string(replications() - 1));
  return ensemble_->world(replication);
}

void Stepper::check_usable() const {
  if (broken_)
    throw std::runtime_error(
        "this stepper was interrupted in the middle of a month; make a new one");
}

}  // namespace clustersim::python
