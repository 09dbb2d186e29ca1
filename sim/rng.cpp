#include "sim/rng.hpp"

namespace clustersim {
namespace {

std::uint64_t splitmix64(std::uint64_t x) noexcept {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

}  // namespace

std::array<std::uint32_t, 2> stream_key_words(std::uint64_t seed,
                                              std::uint32_t replication) noexcept {
  // The key mixes seed and replication; the counter carries month, agent and purpose,
  // with word 0 left as the block index within the stream.
  const std::uint64_t mixed = splitmix64(seed ^ splitmix64(0x5851F42D4C957F2Dull + replication));
  return {static_cast<std::uint32_t>(mixed), static_cast<std::uint32_t>(mixed >> 32)};
}

}  // namespace clustersim
