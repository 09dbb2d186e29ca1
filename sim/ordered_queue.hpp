#pragma once
// Hands items produced by concurrent replications to a consumer in replication
// order: replication r's items go out only after every replication before r has
// finished. Items wait in memory only while an earlier replication is still running.
#include <functional>
#include <mutex>
#include <utility>
#include <vector>

namespace clustersim {

template <class Item>
class ReplicationOrderedQueue {
 public:
  using Consumer = std::function<void(int replication, const Item&)>;

  ReplicationOrderedQueue(int replications, Consumer consume)
      : consume_(std::move(consume)),
        pending_(std::size_t(replications)),
        finished_(std::size_t(replications), false) {}

  // Thread-safe. Items of the replication now at the head of the order go out at once.
  void push(int replication, Item item) {
    std::lock_guard lock(mutex_);
    if (replication == next_) {
      consume_(replication, item);
      return;
    }
    pending_[std::size_t(replication)].push_back(std::move(item));
  }

  // Thread-safe. Marks a replication complete and releases every replication now in order.
  void finish(int replication) {
    std::lock_guard lock(mutex_);
    finished_[std::size_t(replication)] = true;
    while (next_ < int(finished_.size()) && finished_[std::size_t(next_)]) {
      ++next_;
      if (next_ < int(pending_.size())) {
        for (const auto& item : pending_[std::size_t(next_)]) consume_(next_, item);
        pending_[std::size_t(next_)].clear();
      }
    }
  }

 private:
  Consumer consume_;
  std::vector<std::vector<Item>> pending_;
  std::vector<bool> finished_;
  int next_ = 0;
  std::mutex mutex_;
};

}  // namespace clustersim
