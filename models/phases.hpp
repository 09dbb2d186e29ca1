#pragma once
// The phases of a month, in the order cluster_model() runs them. Each parallel
// phase reads state as it was at its start and writes only the slots of the agent
// it updates; conflicts (two firms courting one partner, applications competing
// for one budget) are resolved in sequential passes in ascending agent order.
// docs/architecture.md lists what each phase reads and writes.
#include "models/world.hpp"
#include "sim/parallel.hpp"

namespace clustersim {

void open_month(World& world);        // 0. clears the month's counters
void finance_phase(World& world);     // 2. grants to projects; yearly budgets
void partnering_phase(World& world);  // 3. trust, dissolution, brokerage, new links
void learning_phase(World& world);    // 4. R&D, transfer, training, foreign inflow
void innovation_phase(World& world);  // 5. TRL pipeline, completions, then diffusion
void diffusion_step(World& world);    // 5b. adoption of process technologies (innovation.cpp)
void production_phase(World& world);  // 6. sales, costs, cash, employment
void demography_phase(World& world);  // 7. exits, spin-offs, start-ups, entry
void close_month(World& world);       // 9. advances the calendar by one month

// Sets and returns firm slot n's absorptive capacity from its R&D intensity and
// competence (learning.cpp; also at build, so column 0 shows the initial value).
double update_absorptive(World& world, std::size_t n);

// Fills world.scratch.norms with the norm of each alive firm's row of `knowledge`, in
// parallel (learning.cpp). Sized to the firm capacity the first time, then never allocates.
void compute_knowledge_norms(World& world, const DomainMatrix& knowledge);

// Runs `body(i)` for every alive firm slot, in parallel. Bodies must write only
// slot i, so the result cannot depend on the thread count.
template <class Body>
void for_each_alive_firm(World& world, Body&& body) {
  const auto& alive = world.firms.alive;
  parallel_for_index(world.firms.capacity, [&](int i) {
    if (alive[std::size_t(i)]) body(i);
  });
}

}  // namespace clustersim
