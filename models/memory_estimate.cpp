#include "models/memory_estimate.hpp"

#include <algorithm>
#include <cstdio>

#include "models/demography/population.hpp"
#include "models/metrics.hpp"
#include "models/world.hpp"

namespace clustersim {
namespace {

// Per firm slot beside FirmState's arrays: knowledge_before (a row of doubles), scratch
// ids, scores, knowledge norms, degrees, relational capacities and production's three
// cached factors, the exit log's reservation (4 records), the cluster member index, the
// recorder's network work arrays (9 per node) and its knowledge norms.
std::uint64_t world_extra_per_slot(int domains) {
  return sizeof(double) * std::uint64_t(domains) + sizeof(std::int32_t) + 6 * sizeof(double) +
         sizeof(std::uint8_t) + 4 * sizeof(ExitRecord) + sizeof(std::int32_t) + 8 * sizeof(int) +
         2 * sizeof(double);
}

// Everything that does not grow with firms (universities, centers, funders, the environment,
// the live policy; the scenario is shared): generous, it is small beside any large world.
constexpr std::uint64_t kWorldFixedBytes = std::uint64_t(4) << 20;

}  // namespace

MemoryEstimate estimate_memory(const Scenario& scenario, int threads, int tables) {
  MemoryEstimate e;
  e.firm_slots = std::uint64_t(std::max(0, scenario.firm_capacity()));
  const int domains = scenario.domain_count();
  e.bytes_per_slot =
      FirmState::bytes_per_slot(partner_slots(scenario), domains) + world_extra_per_slot(domains);
  e.world_bytes = e.firm_slots * e.bytes_per_slot + kWorldFixedBytes;
  e.worlds_at_once = std::max(1, std::min(threads, scenario.replications));
  e.metrics = cluster_metrics(scenario).infos.size();
  e.replications = std::uint64_t(std::max(0, scenario.replications));
  e.columns = std::uint64_t(std::max(0, scenario.calendar.months())) + 1;
  e.tables = std::uint64_t(std::max(0, tables));
  // Whole tables, the series of each running replication, and the final month of every
  // replication (the summary a streaming run keeps).
  e.results_bytes =
      (e.tables * e.metrics * e.replications * e.columns +
       std::uint64_t(e.worlds_at_once) * e.metrics * e.columns + e.metrics * e.replications) *
      8;
  e.total_bytes = e.world_bytes * std::uint64_t(e.worlds_at_once) + e.results_bytes;
  return e;
}

std::string byte_text(std::uint64_t bytes) {
  const char* units[] = {"bytes", "KB", "MB", "GB", "TB"};
  double value = double(bytes);
  int unit = 0;
  while (value >= 1024 && unit < 4) {
    value /= 1024;
    ++unit;
  }
  char text[32];
  std::snprintf(text, sizeof text, unit == 0 ? "%.0f %s" : "%.1f %s", value, units[unit]);
  return text;
}

std::string MemoryEstimate::describe() const {
  return "about " + byte_text(total_bytes) + ": " + std::to_string(worlds_at_once) +
         " world(s) at once of " + byte_text(world_bytes) + " (" + std::to_string(firm_slots) +
         " firm slots x " + std::to_string(bytes_per_slot) + " bytes), and results of " +
         byte_text(results_bytes) + " (" + std::to_string(tables) + " whole table(s) of " +
         std::to_string(metrics) + " metrics x " + std::to_string(replications) +
         " replications x " + std::to_string(columns) +
         " months x 8 bytes, and the replications in progress)";
}

}  // namespace clustersim
