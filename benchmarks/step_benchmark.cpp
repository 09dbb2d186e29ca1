// Throughput of the monthly step and of the recorder at growing population sizes.
//
// The scenario is the tutorial one with the SME group scaled so that the initial
// population is the requested number of firms. Building the world and a few
// warm-up months happen before timing starts; only step_month (or record) is
// inside the timed loop. BM_StepMonth times every month of the calendar after the
// warm-up, one month an iteration, at every size: a month late in a run costs more than an
// early one (firms hold more links), so sizes are compared over the same months. Run e.g.
//   clustersim_benchmarks --benchmark_filter=BM_StepMonth
#include <benchmark/benchmark.h>
#include <tbb/global_control.h>

#include <cstdint>
#include <string>
#include <vector>

#include "models/cluster_model.hpp"
#include "models/scenario/scenario_loader.hpp"
#include "sim/simulation.hpp"

namespace {

using namespace clustersim;

constexpr int kWarmUpMonths = 3;
// The tutorial's calendar, 2020-01 to 2024-12, less the warm-up: the months BM_StepMonth times.
constexpr int kTimedMonths = 60 - kWarmUpMonths;
constexpr std::uint32_t kReplication = 0;
// Groups of tutorial.toml other than the SMEs: one anchor and nine start-ups.
constexpr int kOtherTutorialFirms = 1 + 9;

std::string tutorial_path() {
#ifdef CLUSTERSIM_SOURCE_DIR
  return std::string(CLUSTERSIM_SOURCE_DIR) + "/scenarios/tutorial.toml";
#else
  return "scenarios/tutorial.toml";
#endif
}

// The tutorial scenario with `firms` initial firms; the seed is fixed.
Scenario scaled_scenario(int firms) {
  return load_scenario_file(
      tutorial_path(), {"seed=42", "firms.1.count=" + std::to_string(firms - kOtherTutorialFirms)});
}

long alive_firms(const World& world) {
  long n = 0;
  for (auto a : world.firms.alive) n += a != 0;
  return n;
}

void BM_StepMonth(benchmark::State& state) {
  const int firms = static_cast<int>(state.range(0));
  const int threads = static_cast<int>(state.range(1));
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, std::size_t(threads));

  const Scenario scenario = scaled_scenario(firms);
  const ClusterModel model = cluster_model(scenario);
  if (scenario.calendar.months() != kWarmUpMonths + kTimedMonths) {
    state.SkipWithError("the tutorial's calendar is no longer the 60 months kTimedMonths assumes");
    return;
  }
  World world = model.build(kReplication);
  for (int m = 0; m < kWarmUpMonths; ++m) step_month(model, world);

  long firm_steps = 0;
  for (auto _ : state) {
    state.PauseTiming();
    const long alive = alive_firms(world);  // firms the coming month steps
    state.ResumeTiming();
    step_month(model, world);
    firm_steps += alive;
    benchmark::ClobberMemory();
  }
  state.counters["firm_steps_per_second"] =
      benchmark::Counter(double(firm_steps), benchmark::Counter::kIsRate);
  state.counters["bytes_per_firm"] = double(world.firms.bytes_per_slot());
  state.counters["alive_at_end"] = double(alive_firms(world));
  state.counters["capacity"] = double(world.firms.capacity);
}

void BM_Record(benchmark::State& state) {
  const int firms = static_cast<int>(state.range(0));
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, 1);

  const Scenario scenario = scaled_scenario(firms);
  const ClusterModel model = cluster_model(scenario);
  World world = model.build(kReplication);
  for (int m = 0; m < kWarmUpMonths; ++m) step_month(model, world);
  std::vector<double> row(model.metrics.size());
  const auto recorder = model.make_recorder();
  recorder(world, row.data());  // let the recorder size its work arrays

  const long alive = alive_firms(world);
  for (auto _ : state) {
    recorder(world, row.data());
    benchmark::DoNotOptimize(row.data());
    benchmark::ClobberMemory();
  }
  state.counters["firms_recorded_per_second"] =
      benchmark::Counter(double(alive) * double(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["metrics"] = double(row.size());
}

BENCHMARK(BM_StepMonth)
    ->ArgNames({"firms", "threads"})
    ->ArgsProduct({{1'000, 10'000, 100'000}, {1, 2}})
    ->Iterations(kTimedMonths)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// How the cost per firm-step grows up to a million firms (issue 24: at most 1.3x that at
// 10,000); one thread, so the growth is the memory system's, not the scheduler's. About
// 2.5 GB, half a minute to build and warm up and a minute and a half for its 57 months.
BENCHMARK(BM_StepMonth)
    ->Name("BM_StepMonthMillion")
    ->ArgNames({"firms", "threads"})
    ->Args({1'000'000, 1})
    ->Iterations(kTimedMonths)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

BENCHMARK(BM_Record)
    ->ArgNames({"firms"})
    ->Arg(100'000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
