// The session lock a page's requests share with a run: a request waiting for it gets it
// between two of the run's turns, however busy the machine, not after many turns.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

#include "app/serve/yielding_mutex.hpp"

namespace clustersim::testing {
namespace {

// A job takes the lock for 1,000 turns of about 1 ms each and takes it back at once,
// handing it over between turns when `hand_over`; four threads keep the cores busy, as a
// loaded machine does. Twenty requests ask for the lock meanwhile: the most turns the job
// finished while one of them waited.
int most_turns_a_request_waited(bool hand_over) {
  app::YieldingMutex mutex;
  std::atomic<int> done{0};
  std::atomic<bool> finished{false};
  std::vector<std::thread> load;
  for (int t = 0; t < 4; ++t)
    load.emplace_back([&] {
      while (!finished.load()) {
      }
    });
  std::thread job([&] {
    for (int turn = 0; turn < 1000; ++turn) {
      {
        const std::lock_guard lock(mutex);
        const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(1);
        while (std::chrono::steady_clock::now() < until) {
        }
        done.store(turn + 1);
      }
      if (hand_over) mutex.let_waiting_in();
    }
  });
  while (done.load() < 5) std::this_thread::yield();
  int most = 0;
  for (int request = 0; request < 20; ++request) {
    const int before = done.load();
    {
      const std::lock_guard lock(mutex);
      most = std::max(most, done.load() - before);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(3));
  }
  job.join();
  finished.store(true);
  for (auto& thread : load) thread.join();
  return most;
}

TEST(YieldingMutex, a_waiting_request_gets_the_lock_between_two_turns_of_a_job) {
  // Handed over, a request waits one turn; a plain mutex, taken back at once, let the
  // job run hundreds of turns past a waiting request on the loaded 2-core machine.
  EXPECT_LE(most_turns_a_request_waited(true), 20);
}

}  // namespace
}  // namespace clustersim::testing
