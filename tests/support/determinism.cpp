#include "support/determinism.hpp"

#include <atomic>
#include <chrono>
#include <cstring>
#include <mutex>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>

#include <tbb/global_control.h>
#include <tbb/task_arena.h>

#include "sim/parallel.hpp"

namespace clustersim::testing {

ScopedParallelGrain::ScopedParallelGrain(int grain) : previous_(set_parallel_grain(grain)) {}

ScopedParallelGrain::~ScopedParallelGrain() {
  set_parallel_grain(previous_);
}

namespace {

std::mutex g_chunk_mutex;
std::set<std::thread::id> g_chunk_threads;
std::atomic<int> g_chunk_thread_count{0};
std::atomic<bool> g_wait_for_a_second{false};

void record_chunk_thread(int begin, int end, int n) {
  {
    const std::lock_guard lock(g_chunk_mutex);
    if (g_chunk_threads.insert(std::this_thread::get_id()).second) ++g_chunk_thread_count;
  }
  // Once per recorder, in a chunk of a loop that has others: hold this chunk until another
  // thread has taken one (they stay queued meanwhile), since on a busy machine the other
  // threads may wake only after this one has run the whole loop.
  if (end - begin == n || tbb::this_task_arena::max_concurrency() < 2 ||
      !g_wait_for_a_second.exchange(false))
    return;
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (g_chunk_thread_count < 2 && std::chrono::steady_clock::now() < give_up)
    std::this_thread::yield();
}

}  // namespace

ChunkThreads::ChunkThreads(bool wait_for_a_second_thread) {
  {
    const std::lock_guard lock(g_chunk_mutex);
    g_chunk_threads.clear();
    g_chunk_thread_count = 0;
  }
  g_wait_for_a_second = wait_for_a_second_thread;
  ChunkObserver expected = nullptr;
  if (!chunk_observer().compare_exchange_strong(expected, &record_chunk_thread))
    throw std::logic_error("ChunkThreads: another recorder is live");
}

ChunkThreads::~ChunkThreads() {
  chunk_observer().store(nullptr);
  g_wait_for_a_second = false;
}

int ChunkThreads::count() const {
  const std::lock_guard lock(g_chunk_mutex);
  return int(g_chunk_threads.size());
}

MetricTable run_on_threads(int threads, const std::function<MetricTable()>& run) {
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, std::size_t(threads));
  tbb::task_arena arena(threads);
  return arena.execute(run);
}

namespace {

bool same_bytes(double a, double b) {
  return std::memcmp(&a, &b, sizeof(double)) == 0;
}

}  // namespace

::testing::AssertionResult identical_tables(const MetricTable& a, const MetricTable& b) {
  if (a.metrics().size() != b.metrics().size() || a.replications() != b.replications() ||
      a.columns() != b.columns())
    return ::testing::AssertionFailure()
           << "shapes differ: " << a.metrics().size() << "x" << a.replications() << "x"
           << a.columns() << " against " << b.metrics().size() << "x" << b.replications() << "x"
           << b.columns();
  long differing = 0;
  std::string first;
  for (int m = 0; m < int(a.metrics().size()); ++m) {
    const auto& name = a.metrics()[std::size_t(m)].name;
    if (name != b.metrics()[std::size_t(m)].name)
      return ::testing::AssertionFailure()
             << "metric " << m << " is " << name << " against " << b.metrics()[std::size_t(m)].name;
    for (int r = 0; r < a.replications(); ++r)
      for (int t = 0; t < a.columns(); ++t) {
        if (same_bytes(a.at(m, r, t), b.at(m, r, t))) continue;
        if (differing++ == 0) {
          std::ostringstream where;
          where.precision(17);
          where << name << ", replication " << r << ", column " << t << ": " << a.at(m, r, t)
                << " against " << b.at(m, r, t);
          first = where.str();
        }
      }
  }
  if (differing == 0) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << differing << " values differ, first " << first;
}

::testing::AssertionResult same_on_thread_counts(const std::function<MetricTable()>& run,
                                                 const std::vector<int>& threads) {
  if (threads.empty()) return ::testing::AssertionSuccess();
  int spread = 0;  // threads that ran chunks in the run being checked
  auto run_recorded = [&](int count) {
    const ChunkThreads recorder(/*wait_for_a_second_thread=*/count > 1);
    MetricTable table = run_on_threads(count, run);
    spread = recorder.count();
    return table;
  };
  auto unshared = [&](int count) {
    return ::testing::AssertionFailure()
           << "on " << count << " threads every chunk ran on " << spread
           << " thread: the loops and replications were not shared, so the comparison shows "
              "nothing";
  };
  const MetricTable reference = run_recorded(threads.front());
  if (threads.front() > 1 && spread < 2) return unshared(threads.front());
  for (std::size_t k = 1; k < threads.size(); ++k) {
    const MetricTable other = run_recorded(threads[k]);
    if (threads[k] > 1 && spread < 2) return unshared(threads[k]);
    const auto same = identical_tables(reference, other);
    if (!same)
      return ::testing::AssertionFailure()
             << threads[k] << " threads against " << threads.front() << ": " << same.message();
  }
  return ::testing::AssertionSuccess() << "identical on " << threads.size() << " thread counts";
}

}  // namespace clustersim::testing
