#pragma once
// A session's data lock, which a long job hands over between its turns.
#include <atomic>
#include <mutex>
#include <thread>

namespace clustersim::app {

// A mutex that a job taking it again and again (a run, month by month) can hand to the
// threads waiting for it. std::mutex is not fair: the job takes it back as soon as it lets
// go, before a woken waiter runs, so on a loaded machine a page's state, pause or cancel
// request could wait for the whole run.
class YieldingMutex {
 public:
  void lock() {
    waiting_.fetch_add(1);
    mutex_.lock();
    waiting_.fetch_sub(1);
  }
  bool try_lock() { return mutex_.try_lock(); }
  void unlock() { mutex_.unlock(); }

  // Called by the job between its turns, not holding the lock: returns once every thread
  // that was waiting for the lock has had it.
  void let_waiting_in() const {
    while (waiting_.load() > 0) std::this_thread::yield();
  }

 private:
  std::mutex mutex_;
  std::atomic<int> waiting_{0};
};

}  // namespace clustersim::app
