#pragma once
// Counter-based random streams. A stream is a pure function of its key
// (seed, replication, month, agent kind, agent id, purpose), so the numbers an
// agent draws for one mechanism never depend on thread scheduling or on how
// many draws any other mechanism made (common random numbers across scenarios).
// The model names its agent kinds and purposes; the engine knows only numbers.
#include <array>
#include <cstdint>
#include <limits>

namespace clustersim {

// Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC'11).
// Inline, on scalars: every random draw of the model goes through it (issue 24).
inline std::array<std::uint32_t, 4> philox4x32(std::array<std::uint32_t, 4> counter,
                                               std::array<std::uint32_t, 2> key) noexcept {
  constexpr std::uint64_t kMul0 = 0xD2511F53u, kMul1 = 0xCD9E8D57u;
  constexpr std::uint32_t kWeyl0 = 0x9E3779B9u, kWeyl1 = 0xBB67AE85u;
  std::uint32_t c0 = counter[0], c1 = counter[1], c2 = counter[2], c3 = counter[3];
  std::uint32_t k0 = key[0], k1 = key[1];
  for (int round = 0; round < 10; ++round) {
    const std::uint64_t p0 = kMul0 * c0, p1 = kMul1 * c2;
    const auto n0 = static_cast<std::uint32_t>(p1 >> 32) ^ c1 ^ k0;
    const auto n2 = static_cast<std::uint32_t>(p0 >> 32) ^ c3 ^ k1;
    c1 = static_cast<std::uint32_t>(p1);
    c3 = static_cast<std::uint32_t>(p0);
    c0 = n0;
    c2 = n2;
    k0 += kWeyl0;
    k1 += kWeyl1;
  }
  return {c0, c1, c2, c3};
}

// The Philox key every stream of one (seed, replication) shares: mixing it once per
// phase instead of once per stream saves two splitmix64 rounds per draw site.
std::array<std::uint32_t, 2> stream_key_words(std::uint64_t seed,
                                              std::uint32_t replication) noexcept;

// The key of one stream. `kind` (8 bits) and `purpose` (24 bits) are the model's own
// enumerations: the engine only packs them into the counter.
struct StreamKey {
  std::uint64_t seed = 0;
  std::uint32_t replication = 0;
  std::uint32_t month = 0;
  std::uint8_t kind = 0;
  std::uint32_t agent = 0;
  std::uint32_t purpose = 0;
};

// A UniformRandomBitGenerator over one counter-based stream; cheap to construct
// on the stack inside a parallel loop (no allocation, no shared state).
class RandomStream {
 public:
  using result_type = std::uint32_t;

  explicit RandomStream(const StreamKey& key) noexcept
      : RandomStream(stream_key_words(key.seed, key.replication), key.month, key.kind, key.agent,
                     key.purpose) {}
  // The stream of StreamKey{seed, replication, month, kind, agent, purpose} where
  // key_words = stream_key_words(seed, replication).
  RandomStream(std::array<std::uint32_t, 2> key_words, std::uint32_t month, std::uint8_t kind,
               std::uint32_t agent, std::uint32_t purpose) noexcept
      : counter_{0u, month, agent,
                 (static_cast<std::uint32_t>(kind) << 24) | (purpose & 0x00FFFFFFu)},
        key_(key_words) {}

  static constexpr result_type min() noexcept { return 0; }
  static constexpr result_type max() noexcept { return std::numeric_limits<result_type>::max(); }

  result_type operator()() noexcept {
    if (next_ == 4) refill();
    return block_[next_++];
  }

  // Uniform double in [0, 1) with 53 random bits.
  double uniform() noexcept {
    const std::uint64_t a = (*this)() >> 5;
    const std::uint64_t b = (*this)() >> 6;
    return (static_cast<double>(a) * 67108864.0 + static_cast<double>(b)) * 0x1.0p-53;
  }
  bool bernoulli(double p) noexcept { return uniform() < p; }
  // Uniform integer in [0, n) for n > 0 (Lemire's multiply-shift; bias < 2^-32 * n).
  std::uint32_t below(std::uint32_t n) noexcept {
    return static_cast<std::uint32_t>((static_cast<std::uint64_t>((*this)()) * n) >> 32);
  }

 private:
  void refill() noexcept {
    block_ = philox4x32(counter_, key_);
    ++counter_[0];
    next_ = 0;
  }

  std::array<std::uint32_t, 4> counter_;
  std::array<std::uint32_t, 2> key_;
  std::array<std::uint32_t, 4> block_{};
  int next_ = 4;
};

}  // namespace clustersim
