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
  std::uint64_t tables = 0;         // whole metric tables held
  std::uint64_t results_bytes = 0;  // those tables and the replications in progress
  std::uint64_t total_bytes = 0;

  // "about 3.1 GB (...)": the total and how it is made up.
  std::string describe() const;
};

// For running `scenario` on `threads` threads, holding `tables` whole metric tables of its
// shape (all replications and months): 0 when each replication goes to the results file
// as it finishes (run), 1 when a command keeps one (stress and sweep, one ensemble at a
// time; rerun, the stored one).
MemoryEstimate estimate_memory(const Scenario& scenario, int threads, int tables = 1);

// "1.5 GB", "320 MB", "12 KB".
std::string byte_text(std::uint64_t bytes);

}  // namespace clustersim
