#pragma once
// One browser tab's work: its scenario, the ensemble it steps, and at most one job at a
// time on its own thread (a run, a comparison or a grid). Tabs hold different sessions,
// so their results never mix; a server-wide count limits how many jobs run at once.
#include <atomic>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/serve_scenarios.hpp"
#include "app/serve_stepper.hpp"

namespace clustersim::app {

// A request that does not fit the session's state ("a run is in progress"): HTTP 409.
class SessionConflict : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ServeLimits {
  double max_run_size = kDefaultMaxRunSize;  // firm slots x months x replications
  int max_jobs = 4;                          // jobs running at once, all sessions
  int max_grid_points = 25;
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

struct GridLever {
  std::string key;
  std::vector<std::string> values;  // as typed, each checked like --set KEY=VALUE
};

class ServeSession {
 public:
  ServeSession(std::string id, const ServeLimits& limits, JobSlots& slots);
  ~ServeSession();
  ServeSession(const ServeSession&) = delete;
  ServeSession& operator=(const ServeSession&) = delete;

  const std::string& id() const { return id_; }
  // Loads the input (throws InputError, the session unchanged) and starts over at the
  // first month. Returns the scenario's description, levers, metrics and months.
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

  nlohmann::json state(const std::vector<std::string>& metrics) const;
  nlohmann::json network(int replication) const;
  std::string grid_csv() const;
  std::string scenario_name() const;
  // The finished run as `clustersim run` writes it: written in `folder`, read back and
  // removed. Throws SessionConflict before the run has finished.
  std::string results_file(const std::string& folder) const;

 private:
  template <class Job>
  void start_job(const std::string& name, Job job);
  void stop_job();
  void require_idle_and_loaded() const;
  std::vector<std::string> args_with(const std::vector<std::string>& sets) const;

  const std::string id_;
  const ServeLimits limits_;
  JobSlots& slots_;
  std::mutex control_;       // one control request at a time (start, stop, join)
  mutable std::mutex data_;  // everything below
  std::thread worker_;
  std::atomic<bool> stop_{false};
  bool busy_ = false;
  std::string job_, message_;
  long progress_done_ = 0, progress_total_ = 0;
  ScenarioInput input_;
  std::unique_ptr<SteppedEnsemble> ensemble_;
  nlohmann::json compare_;
  std::string grid_csv_;
};

}  // namespace clustersim::app
