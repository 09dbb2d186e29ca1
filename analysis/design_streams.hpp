#pragma once
// The random streams of designs and resampling: one purpose each, so that a design drawn
// with a seed never shares numbers with another design or with a model run.
#include <cstdint>

#include "sim/rng.hpp"

namespace clustersim {

enum class DesignPurpose : std::uint32_t {  // never renumbered
  latin_hypercube = 1,
  saltelli_a = 2,
  saltelli_b = 3,
  morris = 4,
  bootstrap = 5,
};

// Streams of the analysis layer sit at replication 0xFFFFFFFF, far from any model run's.
inline RandomStream design_stream(std::uint64_t seed, DesignPurpose purpose, std::uint32_t index) {
  return RandomStream(
      StreamKey{seed, 0xFFFFFFFFu, index, 0xFF, 0, static_cast<std::uint32_t>(purpose)});
}

}  // namespace clustersim
