#pragma once
// One browser tab's work: its scenario, the ensemble it steps, and at most one job at a
// time on its own thread (a run, a comparison, a grid or a sensitivity screening). Tabs
// hold different sessions, so their results never mix; a server-wide count limits how
// many jobs run at once.
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/serve/serve_scenarios.hpp"
#include "app/serve/serve_stepper.hpp"
#include "app/serve/yielding_mutex.hpp"

namespace clustersim::app {

// A request that does not fit the session's state ("a run is in progress"): HTTP 409.
class SessionConflict : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A request for a session the server closed (idle too long, or the oldest when too
// many tabs were open): HTTP 410, so the tab can say so rather than fail quietly.
class SessionEnded : public SessionConflict {
 public:
  using SessionConflict::SessionConflict;
};

struct ServeLimits {
  double max_run_size = kDefaultMaxRunSize;  // firm slots x months x replications
  int max_jobs = 4;                          // jobs running at once, all sessions
  int max_grid_points = 25;
  long max_experiment_runs = 400;  // a screening's design points x replications
  std::uint64_t max_memory = 0;    // bytes all sessions may hold; 0: no limit
};

// The memory all sessions hold (their stepped ensembles, and comparisons and grids
// while they run; models/memory_estimate.hpp), against --max-memory.
class MemoryBudget {
 public:
  explicit MemoryBudget(std::uint64_t limit) : limit_(limit) {}
  // Replaces a holding of `from` bytes by one of `to`. Throws InputError, nothing
  // changed, when the total would pass the limit; `what` describes the new holding.
  void change(std::uint64_t from, std::uint64_t to, const std::string& what);
  std::uint64_t held() const;

 private:
  mutable std::mutex mutex_;
  std::uint64_t held_ = 0;
  const std::uint64_t limit_;
};

// The server-wide count of running jobs.
class JobSlots {
 public:
  explicit JobSlots(int limit) : limit_(limit) {}
  bool try_take();
  void give_back() { --used_; }
  int limit() const { return limit_; }

 private:
  std::atomic<int> used_{0};
  const int limit_;
};

struct MorrisRequest;

struct GridLever {
  std::string key;
  std::vector<std::string> values;  // as typed, each checked like --set KEY=VALUE
};

class ServeSession {
 public:
  ServeSession(std::string id, const ServeLimits& limits, JobSlots& slots, MemoryBudget& memory);
  ~ServeSession();
  ServeSession(const ServeSession&) = delete;
  ServeSession& operator=(const ServeSession&) = delete;

  const std::string& id() const { return id_; }
  bool busy() const;
  // Stops any job, loads the input and starts over at the first month. Returns the
  // scenario's description, levers, metrics and months. On bad input throws InputError
  // and keeps no run, only the errors (state() shows them until a load succeeds).
  nlohmann::json configure(const ScenarioCatalog& catalog, const ScenarioInput& input);
  void run();     // steps to the end on the session's thread
  void step();    // one month, now
  void pause();   // stops a run after the month in progress; run resumes
  void reset();   // back to the first month
  void cancel();  // stops any job; a cancelled run starts over
  void compare(const ScenarioCatalog& catalog, const std::vector<std::string>& variant_sets,
               const std::vector<std::string>& metrics);
  void grid(const ScenarioCatalog& catalog, const std::vector<GridLever>& levers,
            const std::vector<std::string>& metrics);
  // The Morris screening of `clustersim sensitivity`, of the scenario as loaded.
  void sensitivity(const ScenarioCatalog& catalog, const MorrisRequest& request);

  nlohmann::json state(const std::vector<std::string>& metrics) const;
  nlohmann::json network(int replication) const;
  std::string grid_csv() const;
  // The last finished grid's plot and screening's ranking (serve_experiments.hpp);
  // throw SessionConflict when there is none.
  nlohmann::json grid_plot() const;
  nlohmann::json sensitivity_result() const;
  std::string scenario_name() const;
  // The loaded scenario resolved as TOML (levers, seed and replications in it), which
  // `clustersim run` accepts. Throws SessionConflict when no scenario is loaded.
  std::string scenario_toml() const;
  // The finished run as `clustersim run` writes it: written in `folder`, read back and
  // removed. Throws SessionConflict before the run has finished.
  std::string results_file(const std::string& folder) const;

 private:
  // `memory`: bytes the job holds while it runs, reserved before it starts.
  template <class Job>
  void start_job(const std::string& name, std::uint64_t memory, Job job);
  template <class Job>
  void launch(std::uint64_t memory, Job job);
  void stop_job();
  std::function<void(long, long)> progress_reporter();
  void require_idle_and_loaded() const;
  std::vector<std::string> args_with(const std::vector<std::string>& sets) const;

  const std::string id_;
  const ServeLimits limits_;
  JobSlots& slots_;
  MemoryBudget& memory_;
  std::uint64_t memory_held_ = 0;  // the stepped ensemble's estimate (under control_)
  std::mutex control_;             // one control request at a time (start, stop, join)
  mutable YieldingMutex data_;     // everything below; a run hands it over every month
  std::thread worker_;
  std::atomic<bool> stop_{false};
  // Read without data_ by the server's idle sweep, so that a tab's long run (which takes
  // data_ every month) never holds up the sessions' lock.
  std::atomic<bool> busy_{false};
  std::string job_, message_;
  long progress_done_ = 0, progress_total_ = 0;
  ScenarioInput input_;
  std::unique_ptr<PageEnsemble> ensemble_;
  nlohmann::json compare_;
  nlohmann::json errors_ = nlohmann::json::array();  // of the last failed configure
  std::string grid_csv_;
  nlohmann::json grid_plot_, sensitivity_;
  // Numbers the finished grid and screening (0: none), so the page fetches each once.
  long grid_result_ = 0, sensitivity_result_ = 0, results_made_ = 0;
};

}  // namespace clustersim::app
