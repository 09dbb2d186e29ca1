#pragma once
// A session's data lock, which a long job hands over between its turns.
#include <atomic>
#include <cstdint>
#include <mutex>

namespace clustersim::app {

// A mutex that a job taking it again and again (a run, month by month) can hand to the
// threads waiting for it. std::mutex is not fair: the job takes it back as soon as it lets
// go, before a woken waiter runs, so a page's state, pause or cancel request could wait for
// the whole run.
class YieldingMutex {
 public:
  void lock() {
    arrived_.fetch_add(1);
    try {
      mutex_.lock();
    } catch (...) {  // counted as served, so that no job waits for it
      served();
      throw;
    }
    served();
  }
  bool try_lock() { return mutex_.try_lock(); }  // never waits, so never waited for
  void unlock() { mutex_.unlock(); }

  // Called by the job between its turns, not holding the lock: returns once every thread
  // that was waiting for the lock when it was called has had it (later ones take their
  // chance as with a plain mutex, so a stream of requests cannot hold the job up). It
  // sleeps meanwhile, leaving the cores to the requests.
  void let_waiting_in() {
    const std::uint64_t target = arrived_.load();
    for (std::uint64_t now = served_.load(); now < target; now = served_.load()) served_.wait(now);
  }

 private:
  void served() {
    served_.fetch_add(1);
    served_.notify_all();
  }

  std::mutex mutex_;
  std::atomic<std::uint64_t> arrived_{0}, served_{0};  // lock() calls begun and ended
};

}  // namespace clustersim::app
