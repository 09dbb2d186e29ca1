#include "models/cluster_model.hpp"

#include "models/demography/population.hpp"
#include "models/finance/money.hpp"
#include "models/metrics.hpp"
#include "models/phases.hpp"
#include "models/policy/events.hpp"

namespace clustersim {
namespace {

// Phase 1: the engine's scheduled changes, then the model's own event content.
void events_phase(World& world) {
  apply_scheduled_events(world);
  for (const auto& event : world.scenario().events)
    if (event.date == world.date) apply_sanctions_package(world, event);
}

}  // namespace

void open_month(World& world) {
  world.month = MonthTotals{};
}

void close_month(World& world) {
  ++world.step;
  world.date = world.date.plus(1);
}

ClusterModel cluster_model(const Scenario& scenario) {
  ClusterModel model;
  // The replications share one read-only copy of the scenario.
  model.build = [input = std::make_shared<const Scenario>(scenario)](std::uint32_t replication) {
    return build_world(input, replication);
  };
  model.phases = {
      {"open_month", open_month},       {"events", events_phase},
      {"finance", finance_phase},       {"partnering", partnering_phase},
      {"learning", learning_phase},     {"innovation", innovation_phase},
      {"production", production_phase}, {"demography", demography_phase},
      {"close_month", close_month},
  };
  auto metrics = cluster_metrics(scenario);  // 8. recording
  model.metrics = std::move(metrics.infos);
  model.make_recorder = std::move(metrics.make_recorder);
  return model;
}

EnsembleShape ensemble_shape(const Scenario& scenario) {
  return {scenario.replications, scenario.calendar.months()};
}

ReplicationSeries run_replication(const Scenario& scenario, int replication,
                                  const std::atomic<bool>* stop) {
  ReplicationSeries kept(0, 0);
  RunOptions<World> run;
  run.stop = stop;
  run.keep_table = false;
  run.on_replication_done = [&](int, const ReplicationSeries& series) { kept = series; };
  run_ensemble(cluster_model(scenario), {1, scenario.calendar.months(), replication}, run);
  return kept;
}

}  // namespace clustersim
