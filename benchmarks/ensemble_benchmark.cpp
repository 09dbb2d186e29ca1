// Wall time of a whole ensemble: the Tomsk scenario (scenarios/tomsk.toml, 246 firms,
// 96 months) with 200 replications, on 1 and 2 threads. Replications run concurrently
// (one task each), so 2 threads should take a little over half the time of 1.
//
// Loading the scenario and assembling the model happen before timing starts; each
// timed iteration is one run_ensemble call (building every world included, as in `run`).
// BM_TomskThousand runs 1,000 replications on 2 threads once (issue 24's target).
// Run e.g.
//   clustersim_benchmarks --benchmark_filter=Ensemble
#include <benchmark/benchmark.h>
#include <tbb/global_control.h>
#include <tbb/task_arena.h>

#include <string>

#include "models/cluster_model.hpp"
#include "models/scenario/scenario_loader.hpp"
#include "sim/simulation.hpp"

namespace {

using namespace clustersim;

constexpr int kReplications = 200;

std::string tomsk_path() {
#ifdef CLUSTERSIM_SOURCE_DIR
  return std::string(CLUSTERSIM_SOURCE_DIR) + "/scenarios/tomsk.toml";
#else
  return "scenarios/tomsk.toml";
#endif
}

// Tomsk with `replications` replications on `threads` threads, timed per run_ensemble.
void run_tomsk(benchmark::State& state, int replications) {
  const int threads = static_cast<int>(state.range(0));
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, std::size_t(threads));
  tbb::task_arena arena(threads);

  const Scenario scenario =
      load_scenario_file(tomsk_path(), {"replications=" + std::to_string(replications)});
  const ClusterModel model = cluster_model(scenario);
  const EnsembleShape shape = ensemble_shape(scenario);

  for (auto _ : state) {
    MetricTable table = arena.execute([&] { return run_ensemble(model, shape); });
    benchmark::DoNotOptimize(table);
  }
  const double months = double(shape.replications) * shape.months;
  state.counters["replication_months_per_second"] =
      benchmark::Counter(months * double(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["replications"] = shape.replications;
}

void BM_Ensemble(benchmark::State& state) {
  run_tomsk(state, kReplications);
}

// Issue 24's target: Tomsk, 1,000 replications, 2 threads, in at most 15 s. Like `run`
// without output: run_ensemble writes no snapshots (the results file does), so this is
// the ensemble with snapshots off.
void BM_TomskThousand(benchmark::State& state) {
  run_tomsk(state, 1000);
}

BENCHMARK(BM_TomskThousand)
    ->ArgNames({"threads"})
    ->Arg(2)
    ->Iterations(1)
    ->Unit(benchmark::kSecond)
    ->UseRealTime()
    ->MeasureProcessCPUTime();

BENCHMARK(BM_Ensemble)
    ->ArgNames({"threads"})
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kSecond)
    ->UseRealTime()
    ->MeasureProcessCPUTime();

}  // namespace
