// Loops over agents (sim/parallel.hpp): every index once, at any grain and thread count,
// and the grain as a process setting that tests can lower and restore.
#include "sim/parallel.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "support/determinism.hpp"

namespace clustersim {
namespace {

TEST(ParallelGrain, defaults_to_512_is_at_least_one_and_returns_the_previous_value) {
  ASSERT_EQ(parallel_grain(), kDefaultParallelGrain);
  EXPECT_EQ(set_parallel_grain(0), kDefaultParallelGrain);
  EXPECT_EQ(parallel_grain(), 1);
  EXPECT_EQ(set_parallel_grain(kDefaultParallelGrain), 1);
}

TEST(ParallelGrain, scoped_setting_is_restored) {
  {
    const testing::ScopedParallelGrain grain(8);
    EXPECT_EQ(parallel_grain(), 8);
  }
  EXPECT_EQ(parallel_grain(), kDefaultParallelGrain);
}

TEST(ParallelForIndex, visits_every_index_exactly_once_in_many_chunks_on_four_threads) {
  const testing::ScopedParallelGrain grain(1);
  std::vector<int> visits(10'000, 0);
  testing::run_on_threads(4, [&] {
    parallel_for_index(int(visits.size()), [&](int i) { ++visits[std::size_t(i)]; });
    return MetricTable();
  });
  EXPECT_EQ(visits, std::vector<int>(visits.size(), 1));
}

}  // namespace
}  // namespace clustersim
