// Proves the cluster model's month loop allocates nothing once the world is built:
// build_world (models/demography/population.cpp) sizes every array of the state
// (models/state.hpp) and the scratch space of the World (models/world.hpp), so
// step_month (sim/simulation.hpp) over the model's phases and the recorder
// (models/metrics.cpp) must not touch the heap in steady state.
//
// This file replaces the global operator new/delete (all standard overloads) and,
// because Eigen and C code allocate with malloc directly, also interposes malloc,
// calloc, realloc and the aligned variants. Calls are counted only while
// `g_counting` is set; the first few allocations seen while counting are kept as
// backtraces and printed when the test fails, to show where they come from.
//
// Sanitizer builds bring their own allocator, which these replacements would
// bypass, so there the replacements are left out and the test is skipped.
#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <new>
#include <sstream>
#include <string>
#include <vector>

#include "models/cluster_model.hpp"
#include "models/scenario/scenario_loader.hpp"
#include "sim/simulation.hpp"

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define CLUSTERSIM_COUNT_ALLOCATIONS 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || \
    __has_feature(memory_sanitizer)
#define CLUSTERSIM_COUNT_ALLOCATIONS 0
#endif
#endif
#if !defined(CLUSTERSIM_COUNT_ALLOCATIONS) && defined(__GLIBC__)
#define CLUSTERSIM_COUNT_ALLOCATIONS 1
#endif
#ifndef CLUSTERSIM_COUNT_ALLOCATIONS
#define CLUSTERSIM_COUNT_ALLOCATIONS 0
#endif

#if CLUSTERSIM_COUNT_ALLOCATIONS
#include <execinfo.h>

// glibc's own entry points, which the interposed functions below forward to.
extern "C" {
void* __libc_malloc(std::size_t size);
void* __libc_calloc(std::size_t count, std::size_t size);
void* __libc_realloc(void* pointer, std::size_t size);
void* __libc_memalign(std::size_t alignment, std::size_t size);
void __libc_free(void* pointer);
}
#endif

namespace {

std::atomic<bool> g_counting{false};
std::atomic<long> g_operator_new_calls{0};
std::atomic<long> g_malloc_calls{0};

#if CLUSTERSIM_COUNT_ALLOCATIONS
constexpr int kKeptTraces = 4;
constexpr int kTraceDepth = 32;
struct Trace {
  void* frames[kTraceDepth];
  int depth = 0;
  const char* via = "";
};
Trace g_traces[kKeptTraces];
std::atomic<int> g_trace_count{0};
thread_local bool t_inside_hook = false;  // backtrace() itself may allocate

void note_allocation(std::atomic<long>& counter, const char* via) {
  if (!g_counting.load(std::memory_order_relaxed) || t_inside_hook) return;
  counter.fetch_add(1, std::memory_order_relaxed);
  const int slot = g_trace_count.fetch_add(1, std::memory_order_relaxed);
  if (slot >= kKeptTraces) return;
  t_inside_hook = true;
  g_traces[slot].depth = backtrace(g_traces[slot].frames, kTraceDepth);
  g_traces[slot].via = via;
  t_inside_hook = false;
}

void print_traces() {
  const int n = std::min(g_trace_count.load(), kKeptTraces);
  for (int i = 0; i < n; ++i) {
    std::fprintf(stderr, "allocation %d (via %s):\n", i + 1, g_traces[i].via);
    backtrace_symbols_fd(g_traces[i].frames, g_traces[i].depth, 2);
  }
  if (n > 0)
    std::fprintf(stderr, "(resolve addresses with addr2line -Cfipe <test binary> <offset>)\n");
}

void* allocate(std::size_t size, const char* via) {
  note_allocation(g_operator_new_calls, via);
  void* p = __libc_malloc(size == 0 ? 1 : size);
  return p;
}

void* allocate_aligned(std::size_t size, std::align_val_t alignment, const char* via) {
  note_allocation(g_operator_new_calls, via);
  return __libc_memalign(static_cast<std::size_t>(alignment), size == 0 ? 1 : size);
}

void* allocate_or_throw(std::size_t size, const char* via) {
  if (void* p = allocate(size, via)) return p;
  throw std::bad_alloc();
}

void* allocate_aligned_or_throw(std::size_t size, std::align_val_t alignment, const char* via) {
  if (void* p = allocate_aligned(size, alignment, via)) return p;
  throw std::bad_alloc();
}
#else
void print_traces() {}
#endif

}  // namespace

#if CLUSTERSIM_COUNT_ALLOCATIONS
// ---- operator new / delete: every replaceable overload ----
void* operator new(std::size_t size) {
  return allocate_or_throw(size, "operator new");
}
void* operator new[](std::size_t size) {
  return allocate_or_throw(size, "operator new[]");
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  return allocate(size, "operator new(nothrow)");
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
  return allocate(size, "operator new[](nothrow)");
}
void* operator new(std::size_t size, std::align_val_t alignment) {
  return allocate_aligned_or_throw(size, alignment, "operator new(align)");
}
void* operator new[](std::size_t size, std::align_val_t alignment) {
  return allocate_aligned_or_throw(size, alignment, "operator new[](align)");
}
void* operator new(std::size_t size, std::align_val_t alignment, const std::nothrow_t&) noexcept {
  return allocate_aligned(size, alignment, "operator new(align, nothrow)");
}
void* operator new[](std::size_t size, std::align_val_t alignment, const std::nothrow_t&) noexcept {
  return allocate_aligned(size, alignment, "operator new[](align, nothrow)");
}

void operator delete(void* p) noexcept {
  __libc_free(p);
}
void operator delete[](void* p) noexcept {
  __libc_free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  __libc_free(p);
}
void operator delete[](void* p, std::size_t) noexcept {
  __libc_free(p);
}
void operator delete(void* p, const std::nothrow_t&) noexcept {
  __libc_free(p);
}
void operator delete[](void* p, const std::nothrow_t&) noexcept {
  __libc_free(p);
}
void operator delete(void* p, std::align_val_t) noexcept {
  __libc_free(p);
}
void operator delete[](void* p, std::align_val_t) noexcept {
  __libc_free(p);
}
void operator delete(void* p, std::size_t, std::align_val_t) noexcept {
  __libc_free(p);
}
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept {
  __libc_free(p);
}
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept {
  __libc_free(p);
}
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept {
  __libc_free(p);
}

// ---- C allocation functions (Eigen's aligned_malloc, C libraries) ----
// free is not interposed: everything still comes from glibc's one heap.
extern "C" {
void* malloc(std::size_t size) {
  note_allocation(g_malloc_calls, "malloc");
  return __libc_malloc(size);
}
void* calloc(std::size_t count, std::size_t size) {
  note_allocation(g_malloc_calls, "calloc");
  return __libc_calloc(count, size);
}
void* realloc(void* pointer, std::size_t size) {
  note_allocation(g_malloc_calls, "realloc");
  return __libc_realloc(pointer, size);
}
void* memalign(std::size_t alignment, std::size_t size) {
  note_allocation(g_malloc_calls, "memalign");
  return __libc_memalign(alignment, size);
}
void* aligned_alloc(std::size_t alignment, std::size_t size) {
  note_allocation(g_malloc_calls, "aligned_alloc");
  return __libc_memalign(alignment, size);
}
int posix_memalign(void** out, std::size_t alignment, std::size_t size) {
  note_allocation(g_malloc_calls, "posix_memalign");
  if (alignment < sizeof(void*) || (alignment & (alignment - 1)) != 0) return EINVAL;
  void* p = __libc_memalign(alignment, size);
  if (!p) return ENOMEM;
  *out = p;
  return 0;
}
}
#endif

namespace clustersim {
namespace {

// Counts heap allocations made on any thread while alive.
class AllocationCounter {
 public:
  AllocationCounter() {
    g_operator_new_calls = 0;
    g_malloc_calls = 0;
#if CLUSTERSIM_COUNT_ALLOCATIONS
    g_trace_count = 0;
#endif
    g_counting = true;
  }
  ~AllocationCounter() {
    stop();
  }
  void stop() {
    g_counting = false;
  }
  long operator_new_calls() const {
    return g_operator_new_calls.load();
  }
  long malloc_calls() const {
    return g_malloc_calls.load();
  }
};

TEST(StepAllocation, counter_sees_allocations) {
#if !CLUSTERSIM_COUNT_ALLOCATIONS
  GTEST_SKIP() << "allocation counting is off in sanitizer or non-glibc builds";
#endif
  // The counter itself works: a vector allocation and a malloc are both seen.
  AllocationCounter counter;
  std::vector<int>* volatile v = new std::vector<int>(100);
  void* volatile raw = std::malloc(64);
  counter.stop();
  std::free(raw);
  delete v;
  EXPECT_EQ(counter.operator_new_calls(), 2);  // the vector object and its buffer
  EXPECT_EQ(counter.malloc_calls(), 1);
}

std::string tutorial_text() {
  std::ifstream in(std::string(CLUSTERSIM_SOURCE_DIR) + "/scenarios/tutorial.toml");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Builds a world of `scenario`, runs a few warm-up months, then counts allocations
// while the rest of the calendar is stepped and recorded, on one thread (so TBB's
// worker start-up is not counted).
void expect_steady_state_allocates_nothing(const Scenario& scenario) {
  tbb::global_control one_thread(tbb::global_control::max_allowed_parallelism, 1);
  const ClusterModel model = cluster_model(scenario);
  World world = model.build(0);
  const auto recorder = model.make_recorder();
  std::vector<double> row(model.metrics.size());

  constexpr int kWarmUpMonths = 3;
  for (int m = 0; m < kWarmUpMonths; ++m) {
    step_month(model, world);
    recorder(world, row.data());
  }

  // The rest of the calendar, so the scenario's events are stepped through too.
  const int months = scenario.calendar.months() - kWarmUpMonths;
  ASSERT_GT(months, 12);
  AllocationCounter counter;
  for (int m = 0; m < months; ++m) {
    step_month(model, world);
    recorder(world, row.data());
  }
  counter.stop();

  if (counter.operator_new_calls() != 0 || counter.malloc_calls() != 0) print_traces();
  EXPECT_EQ(counter.operator_new_calls(), 0) << "operator new calls in " << months << " months";
  EXPECT_EQ(counter.malloc_calls(), 0) << "malloc-family calls in " << months << " months";
}

TEST(StepAllocation, steady_state_month_and_record_allocate_nothing) {
#if !CLUSTERSIM_COUNT_ALLOCATIONS
  GTEST_SKIP() << "allocation counting is off in sanitizer or non-glibc builds";
#endif
  // The tutorial opens a center by an event in 2023-01, inside the counted months.
  expect_steady_state_allocates_nothing(
      load_scenario_file(std::string(CLUSTERSIM_SOURCE_DIR) + "/scenarios/tutorial.toml"));
}

// A per-domain key in an event (policy.foreign_knowledge_access.software) is split
// into field and domain by apply_scheduled_set (models/policy/events.cpp) with
// string_view slices, so applying it on the event's month allocates nothing either.
TEST(StepAllocation, per_domain_event_allocates_nothing) {
#if !CLUSTERSIM_COUNT_ALLOCATIONS
  GTEST_SKIP() << "allocation counting is off in sanitizer or non-glibc builds";
#endif
  const std::string text = tutorial_text() +
                           "\n[[events]]\n"
                           "date = \"2023-06\"\n"
                           "set = { \"policy.foreign_knowledge_access.software\" = 0.2 }\n";
  expect_steady_state_allocates_nothing(
      load_scenario_text(text, "tutorial_with_domain_event.toml"));
}

}  // namespace
}  // namespace clustersim
