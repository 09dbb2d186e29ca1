#pragma once
// A toy model for the engine's steppers: each replication's value is a random walk on its
// own stream, so replications differ and a run is reproducible.
#include <cstdint>

#include "sim/rng.hpp"
#include "sim/simulation.hpp"

namespace clustersim::testing {

struct WalkWorld {
  std::uint32_t replication = 0;
  int month = 0;
  double value = 0;
};

inline ModelDefinition<WalkWorld> walk_model() {
  ModelDefinition<WalkWorld> model;
  model.build = [](std::uint32_t r) { return WalkWorld{r, 0, double(r)}; };
  model.phases = {{"walk", [](WalkWorld& w) {
                     RandomStream stream({7, w.replication, std::uint32_t(w.month), 0, 0, 1});
                     w.value += stream.uniform() - 0.5;
                     ++w.month;
                   }}};
  model.metrics = {{"value", "1", "The walk.", MetricKind::stock}};
  model.make_recorder = [] {
    return Recorder<WalkWorld>([](const WalkWorld& w, double* row) { row[0] = w.value; });
  };
  return model;
}

}  // namespace clustersim::testing
