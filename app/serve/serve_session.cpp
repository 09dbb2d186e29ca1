#include "app/serve/serve_session.hpp"

#include <tbb/global_control.h>

#include <algorithm>

#include "analysis/comparison.hpp"
#include "app/key_range.hpp"
#include "app/metric_lookup.hpp"
#include "app/serve/serve_experiments.hpp"
#include "app/serve/serve_lever_words.hpp"
#include "app/serve/serve_observed.hpp"
#include "models/cluster_model.hpp"
#include "models/memory_estimate.hpp"
#include "sim/diagnostics.hpp"
#include "sim/results_file.hpp"

namespace clustersim::app {
using nlohmann::json;

bool JobSlots::try_take() {
  int used = used_.load();
  while (used < limit_)
    if (used_.compare_exchange_weak(used, used + 1)) return true;
  return false;
}

void MemoryBudget::change(std::uint64_t from, std::uint64_t to, const std::string& what) {
  const std::lock_guard lock(mutex_);
  const std::uint64_t others = held_ - std::min(from, held_);
  if (limit_ > 0 && to > from && others + to > limit_) {
    std::string text = "memory: " + what + " needs " + byte_text(to);
    if (others > 0) text += ", and the server's other tabs and jobs hold " + byte_text(others);
    throw InputError(text + ", above the server's limit of " + byte_text(limit_) +
                     " (--max-memory); expected fewer replications, firms or months" +
                     (others > 0 ? ", or fewer tabs open" : ""));
  }
  held_ = others + to;
}

std::uint64_t MemoryBudget::held() const {
  const std::lock_guard lock(mutex_);
  return held_;
}

namespace {

// What the page needs to know of a loaded scenario.
json describe(const Scenario& loaded, int months) {
  json out = {{"name", loaded.name},
              {"description", loaded.description},
              {"seed", std::to_string(loaded.seed)},
              {"replications", loaded.replications},
              {"months", months},
              {"firms", loaded.initial_firm_count()},
              {"clusters", json::array()},
              {"levers", levers_json(loaded)},
              {"metrics", metrics_json(loaded)},
              {"events", events_json(loaded)}};
  for (const auto& cluster : loaded.clusters) out["clusters"].push_back(cluster.name);
  return out;
}

// Worlds a job's ensemble keeps at once: one per worker thread.
int worker_threads() {
  return int(tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism));
}

// The stepped ensemble keeps every replication's world and its whole table.
std::uint64_t stepped_memory(const Scenario& scenario) {
  return estimate_memory(scenario, scenario.replications, 1).total_bytes;
}

// Every metric a job is asked to report exists: else the request is bad (a misspelt name
// would start the job and leave its table empty).
void check_metric_names(const Scenario& scenario, const std::vector<std::string>& names,
                        const std::string& job) {
  const auto metrics = cluster_model(scenario).metrics;
  for (const auto& name : names) metric_index(metrics, name, job + ": metrics");
}

}  // namespace

ServeSession::ServeSession(std::string id, const ServeLimits& limits, JobSlots& slots,
                           MemoryBudget& memory)
    : id_(std::move(id)), limits_(limits), slots_(slots), memory_(memory) {}

ServeSession::~ServeSession() {
  const std::lock_guard control(control_);
  stop_job();
  memory_.change(memory_held_, 0, "");
}

bool ServeSession::busy() const {
  return busy_;
}

// Runs `job` on the session's thread. Interrupted (pause, cancel) and failures end the
// job with a message; nothing escapes the thread.
template <class Job>
void ServeSession::start_job(const std::string& name, std::uint64_t memory, Job job) {
  {
    const std::lock_guard lock(data_);
    if (busy_) throw SessionConflict("a " + job_ + " is in progress: pause or cancel it first");
  }
  if (worker_.joinable()) worker_.join();  // the previous job, already finished
  memory_.change(0, memory, "this " + name);
  if (!slots_.try_take()) {
    memory_.change(memory, 0, "");
    throw SessionConflict("the server is already running " + std::to_string(slots_.limit()) +
                          " jobs (its limit); wait for one to end or cancel one");
  }
  {
    const std::lock_guard lock(data_);
    busy_ = true;
    job_ = name;
    message_.clear();
    progress_done_ = progress_total_ = 0;
  }
  stop_ = false;
  try {
    launch(memory, std::move(job));
  } catch (...) {  // no thread (out of resources): give back what the job took
    memory_.change(memory, 0, "");
    slots_.give_back();
    busy_ = false;
    throw;
  }
}

template <class Job>
void ServeSession::launch(std::uint64_t memory, Job job) {
  worker_ = std::thread([this, memory, job = std::move(job)]() mutable {
    std::string message;
    try {
      job();
    } catch (const Interrupted&) {
      message = job_ + " stopped";
    } catch (const std::exception& error) {
      message = job_ + " failed: " + error.what();
    } catch (...) {
      message = job_ + " failed";
    }
    memory_.change(memory, 0, "");
    const std::lock_guard lock(data_);
    if (!message.empty()) message_ = message;
    busy_ = false;
    slots_.give_back();
  });
}

// Runs done out of all, for the page's progress bar.
std::function<void(long, long)> ServeSession::progress_reporter() {
  return [this](long done, long total) {
    const std::lock_guard lock(data_);
    progress_done_ = done;
    progress_total_ = total;
  };
}

void ServeSession::stop_job() {
  stop_ = true;
  if (worker_.joinable()) worker_.join();
}

void ServeSession::require_idle_and_loaded() const {
  const std::lock_guard lock(data_);
  if (!ensemble_ && !errors_.empty())
    throw SessionConflict("the scenario has errors (listed above): correct them first");
  if (!ensemble_) throw SessionConflict("no scenario loaded: load one first");
  if (busy_) throw SessionConflict("a " + job_ + " is in progress: pause or cancel it first");
}

// A failed configuration leaves the session without a run, holding the errors: the
// page's controls then show the rejected input, and no chart or download can describe
// the run before it (issue 22).
json ServeSession::configure(const ScenarioCatalog& catalog, const ScenarioInput& input) {
  const std::lock_guard control(control_);
  stop_job();
  {
    const std::lock_guard lock(data_);
    input_ = input;
    ensemble_.reset();
    compare_ = json();
    grid_csv_.clear();
    grid_plot_ = sensitivity_ = json();
    grid_result_ = sensitivity_result_ = 0;
    message_.clear();
    errors_ = json::array();
  }
  memory_.change(memory_held_, 0, "");
  memory_held_ = 0;
  try {
    Scenario scenario = catalog.load(input);
    check_run_size(scenario, limits_.max_run_size);
    const std::uint64_t memory = stepped_memory(scenario);
    memory_.change(
        0, memory,
        "this run (" + std::to_string(scenario.replications) + " replications stepped together)");
    memory_held_ = memory;
    auto ensemble = std::make_unique<PageEnsemble>(std::move(scenario));
    json out = describe(ensemble->scenario(), ensemble->months());
    out["observed"] = observed_json(catalog.folder(), input.shipped, ensemble->scenario().calendar);
    const std::lock_guard lock(data_);
    ensemble_ = std::move(ensemble);
    return out;
  } catch (const InputError& error) {
    memory_.change(memory_held_, 0, "");
    memory_held_ = 0;
    const std::lock_guard lock(data_);
    errors_ = json::array();
    for (const auto& item : error.diagnostics().items()) errors_.push_back(item.to_string());
    if (errors_.empty()) errors_.push_back(error.what());
    throw;
  } catch (...) {  // e.g. out of memory while building the worlds
    memory_.change(memory_held_, 0, "");
    memory_held_ = 0;
    throw;
  }
}

void ServeSession::run() {
  const std::lock_guard control(control_);
  require_idle_and_loaded();
  start_job("run", 0, [this] {
    for (;;) {
      {
        const std::lock_guard lock(data_);
        if (stop_ || ensemble_->finished()) return;
        ensemble_->advance();
      }
      data_.let_waiting_in();  // the page's requests, between two months
    }
  });
}

void ServeSession::step() {
  const std::lock_guard control(control_);
  require_idle_and_loaded();
  const std::lock_guard lock(data_);
  ensemble_->advance();
}

void ServeSession::pause() {
  const std::lock_guard control(control_);
  const std::lock_guard lock(data_);
  if (busy_ && job_ == "run") stop_ = true;  // the worker ends after its month
}

void ServeSession::reset() {
  const std::lock_guard control(control_);
  stop_job();
  const std::lock_guard lock(data_);
  if (!ensemble_) throw SessionConflict("no scenario loaded: load one first");
  ensemble_ = std::make_unique<PageEnsemble>(ensemble_->scenario());
  message_.clear();
}

void ServeSession::cancel() {
  const std::lock_guard control(control_);
  std::string job;
  {
    const std::lock_guard lock(data_);
    job = busy_ ? job_ : "";
  }
  stop_job();
  const std::lock_guard lock(data_);
  if (job == "run") ensemble_ = std::make_unique<PageEnsemble>(ensemble_->scenario());
  if (!job.empty()) message_ = job + " cancelled";
}

std::vector<std::string> ServeSession::args_with(const std::vector<std::string>& sets) const {
  auto args = input_.args;
  for (const auto& set : sets) {
    args.push_back("--set");
    args.push_back(set);
  }
  return args;
}

void ServeSession::compare(const ScenarioCatalog& catalog, const std::vector<std::string>& sets,
                           const std::vector<std::string>& metrics) {
  const std::lock_guard control(control_);
  require_idle_and_loaded();
  {  // the last comparison is not this one, whether or not this one starts
    const std::lock_guard lock(data_);
    compare_ = json();
  }
  ScenarioInput variant_input = input_;
  variant_input.args = args_with(sets);
  Scenario variant = catalog.load(variant_input);
  check_metric_names(variant, metrics, "compare");
  check_run_size(variant, limits_.max_run_size);
  const std::uint64_t memory = estimate_memory(variant, worker_threads(), 2).total_bytes;
  start_job("comparison", memory, [this, variant = std::move(variant), metrics, sets] {
    Scenario baseline;
    {
      const std::lock_guard lock(data_);
      baseline = ensemble_->scenario();
    }
    const auto tables = run_scenarios({baseline, variant}, &stop_, progress_reporter());
    const bool paired = can_pair(std::to_string(baseline.seed), std::to_string(variant.seed),
                                 baseline.replications, variant.replications);
    json result = compare_tables(tables[0], tables[1], metrics, paired);
    result["labels"] = column_labels(baseline.calendar);
    result["variant"] = sets;
    const std::lock_guard lock(data_);
    compare_ = std::move(result);
  });
}

void ServeSession::grid(const ScenarioCatalog& catalog, const std::vector<GridLever>& levers,
                        const std::vector<std::string>& metrics) {
  const std::lock_guard control(control_);
  require_idle_and_loaded();
  if (levers.empty() || levers.size() > 2)
    throw InputError("grid: expected one or two levers, got " + std::to_string(levers.size()));
  DistinctKeys keys;  // the same lever twice: its later values would silently win
  for (const auto& lever : levers) keys.add("grid:", "lever", lever.key);
  std::size_t count = 1;
  for (const auto& lever : levers) {
    if (lever.values.empty()) throw InputError("grid: " + lever.key + ": no values given");
    count *= lever.values.size();
  }
  if (count > std::size_t(limits_.max_grid_points))
    throw InputError("grid: " + std::to_string(count) + " points (limit " +
                     std::to_string(limits_.max_grid_points) + "); use fewer values");
  std::vector<GridPoint> points;
  double size = 0;
  std::uint64_t memory = 0;  // every point's table is held until the grid ends
  for (std::size_t i = 0; i < count; ++i) {
    GridPoint point;
    std::vector<std::string> sets;
    std::size_t rest = i;
    for (auto lever = levers.rbegin(); lever != levers.rend(); ++lever) {
      const auto& value = lever->values.at(rest % lever->values.size());
      rest /= lever->values.size();
      point.settings.insert(point.settings.begin(), {lever->key, value});
      sets.insert(sets.begin(), lever->key + "=" + value);
    }
    ScenarioInput point_input = input_;
    point_input.args = args_with(sets);
    try {
      point.scenario = catalog.load(point_input);
    } catch (const InputError& error) {  // named by the page's grid lever, not --set
      rethrow_naming_options(error, settings_named(sets, "grid lever"));
    }
    size += run_size(point.scenario);
    memory += estimate_memory(point.scenario, worker_threads(), 1).total_bytes;
    points.push_back(std::move(point));
  }
  check_metric_names(points.front().scenario, metrics, "grid");
  if (size > limits_.max_run_size * 4)
    throw InputError("grid: " + std::to_string(long(size)) + " firm-months in all (limit " +
                     std::to_string(long(limits_.max_run_size * 4)) +
                     "); use fewer values or replications");
  start_job("grid", memory, [this, points = std::move(points), metrics] {
    {
      const std::lock_guard lock(data_);
      grid_csv_.clear();
      grid_plot_ = json();
      grid_result_ = 0;
    }
    GridResult result = run_grid(points, metrics, &stop_, progress_reporter());
    const std::lock_guard lock(data_);
    grid_csv_ = std::move(result.csv);
    grid_plot_ = std::move(result.plot);
    grid_result_ = ++results_made_;
  });
}

void ServeSession::sensitivity(const ScenarioCatalog& catalog, const MorrisRequest& request) {
  const std::lock_guard control(control_);
  require_idle_and_loaded();
  const MorrisLimits limits{limits_.max_experiment_runs, limits_.max_run_size * 4};
  MorrisPlan plan = plan_morris(catalog, input_, request, limits);
  // Runs go to the analysis as they finish: only the workers' worlds are held.
  const std::uint64_t memory =
      estimate_memory(plan.points.front(), worker_threads(), 0).total_bytes;
  start_job("sensitivity", memory, [this, plan = std::move(plan)] {
    {
      const std::lock_guard lock(data_);
      sensitivity_ = json();
      sensitivity_result_ = 0;
    }
    json result = run_morris(plan, &stop_, progress_reporter());
    const std::lock_guard lock(data_);
    sensitivity_ = std::move(result);
    sensitivity_result_ = ++results_made_;
  });
}

}  // namespace clustersim::app
