#include "sim/rng.hpp"

namespace clustersim {
namespace {

constexpr std::uint32_t kMul0 = 0xD2511F53u;
constexpr std::uint32_t kMul1 = 0xCD9E8D57u;
constexpr std::uint32_t kWeyl0 = 0x9E3779B9u;
constexpr std::uint32_t kWeyl1 = 0xBB67AE85u;

std::uint64_t splitmix64(std::uint64_t x) noexcept {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

}  // namespace

std::array<std::uint32_t, 4> philox4x32(std::array<std::uint32_t, 4> c,
                                        std::array<std::uint32_t, 2> k) noexcept {
  for (int round = 0; round < 10; ++round) {
    if (round > 0) {
      k[0] += kWeyl0;
      k[1] += kWeyl1;
    }
    const std::uint64_t p0 = static_cast<std::uint64_t>(kMul0) * c[0];
    const std::uint64_t p1 = static_cast<std::uint64_t>(kMul1) * c[2];
    c = {static_cast<std::uint32_t>(p1 >> 32) ^ c[1] ^ k[0], static_cast<std::uint32_t>(p1),
         static_cast<std::uint32_t>(p0 >> 32) ^ c[3] ^ k[1], static_cast<std::uint32_t>(p0)};
  }
  return c;
}

RandomStream::RandomStream(const StreamKey& key) noexcept {
  // The key mixes seed and replication; the counter carries month, agent and purpose,
  // with word 0 left as the block index within the stream.
  const std::uint64_t mixed =
      splitmix64(key.seed ^ splitmix64(0x5851F42D4C957F2Dull + key.replication));
  key_ = {static_cast<std::uint32_t>(mixed), static_cast<std::uint32_t>(mixed >> 32)};
  counter_ = {0u, key.month, key.agent,
              (static_cast<std::uint32_t>(key.kind) << 24) | (key.purpose & 0x00FFFFFFu)};
}

void RandomStream::refill() noexcept {
  block_ = philox4x32(counter_, key_);
  ++counter_[0];
  next_ = 0;
}

}  // namespace clustersim
