#include "support/determinism.hpp"

#include <cstring>
#include <sstream>
#include <string>

#include <tbb/global_control.h>
#include <tbb/task_arena.h>

#include "sim/parallel.hpp"

namespace clustersim::testing {

ScopedParallelGrain::ScopedParallelGrain(int grain) : previous_(set_parallel_grain(grain)) {}

ScopedParallelGrain::~ScopedParallelGrain() {
  set_parallel_grain(previous_);
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
  const MetricTable reference = run_on_threads(threads.front(), run);
  for (std::size_t k = 1; k < threads.size(); ++k) {
    const MetricTable other = run_on_threads(threads[k], run);
    const auto same = identical_tables(reference, other);
    if (!same)
      return ::testing::AssertionFailure()
             << threads[k] << " threads against " << threads.front() << ": " << same.message();
  }
  return ::testing::AssertionSuccess() << "identical on " << threads.size() << " thread counts";
}

}  // namespace clustersim::testing
