#pragma once
// The cluster model's random streams: which agent draws, and for which mechanism.
// Each (month, agent, purpose) has its own counter-based stream (sim/rng.hpp).
#include <array>
#include <cstdint>

#include "sim/rng.hpp"

namespace clustersim {

enum class AgentKind : std::uint8_t { firm = 1, university = 2, center = 3, funder = 4, world = 5 };

// One entry per mechanism that draws random numbers. Never renumber: the value is
// part of the stream key, so renumbering would change every result.
enum class Purpose : std::uint32_t {
  population = 1,
  partner_search = 2,
  partner_accept = 3,
  project_start = 4,
  stage_trial = 5,
  innovation_effect = 6,
  spin_off = 7,
  start_up = 8,
  entry = 9,
  brokerage = 10,
  university_contract = 11,
  event = 12,
  funder_call = 13,
  demand_shock = 14,
  adoption = 15,
  exit_review = 16,
  partner_network = 17,       // partners of random firms met in partner search
  cost_shock = 18,            // idiosyncratic unit-cost (TFP) shock of a firm
  adoption_external = 19,     // adoption from sources outside the firm's contacts (Bass's p)
  university_brokerage = 20,  // a university introduces a contract client to a partner
};

inline StreamKey stream_key(std::uint64_t seed, std::uint32_t replication, std::uint32_t month,
                            AgentKind kind, std::uint32_t agent, Purpose purpose) {
  return {seed,  replication,
          month, static_cast<std::uint8_t>(kind),
          agent, static_cast<std::uint32_t>(purpose)};
}

// Streams of one replication and month, as phases use them. The Philox key of the
// replication is mixed once, when the factory is made.
struct StreamFactory {
  std::uint64_t seed = 0;
  std::uint32_t replication = 0;
  std::uint32_t month = 0;
  std::array<std::uint32_t, 2> key_words{};

  StreamFactory(std::uint64_t seed, std::uint32_t replication, std::uint32_t month) noexcept
      : seed(seed),
        replication(replication),
        month(month),
        key_words(stream_key_words(seed, replication)) {}

  RandomStream operator()(AgentKind kind, std::uint32_t agent, Purpose purpose) const noexcept {
    return RandomStream(key_words, month, static_cast<std::uint8_t>(kind), agent,
                        static_cast<std::uint32_t>(purpose));
  }
};

}  // namespace clustersim
