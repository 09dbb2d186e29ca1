#pragma once
// How much memory an ensemble of a scenario needs, known before anything is allocated,
// so that commands can refuse what cannot fit (issue 11).
#include <cstdint>
#include <string>

#include "models/scenario/scenario.hpp"

namespace clustersim {

struct MemoryEstimate {
  std::uint64_t firm_slots = 0;      // per world
  std::uint64_t bytes_per_slot = 0;  // firm state, scratch, exit log and recorder arrays
  std::uint64_t world_bytes = 0;     // one world, firms and the rest
  int worlds_at_once = 0;            // the engine keeps one world per thread
  std::uint64_t metrics = 0, replications = 0, columns = 0;
  std::uint64_t results_bytes = 0;  // the metric table, all replications and months
  std::uint64_t total_bytes = 0;

  // "about 3.1 GB (...)": the total and how it is made up.
  std::string describe() const;
};

// For running `scenario` on `threads` threads, holding `result_tables` metric tables of
// its shape (rerun keeps the stored one and the fresh one).
MemoryEstimate estimate_memory(const Scenario& scenario, int threads, int result_tables = 1);

// "1.5 GB", "320 MB", "12 KB".
std::string byte_text(std::uint64_t bytes);

}  // namespace clustersim
