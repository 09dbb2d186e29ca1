// The ensemble stepped by its caller (the page's and the Python module's): its table
// equals run_ensemble's column by column, the callback sees every recorded column of
// every replication, a replication range steps those replications' streams, and a stop
// ends a month with Interrupted.
#include <gtest/gtest.h>

#include <mutex>
#include <set>
#include <utility>

#include "sim/stepped_ensemble.hpp"
#include "walk_model.hpp"

namespace clustersim {
namespace {

using testing::walk_model;
using testing::WalkWorld;

TEST(SteppedEnsemble, stepping_month_by_month_fills_the_table_run_ensemble_fills) {
  const auto model = walk_model();
  const MetricTable whole = run_ensemble(model, {4, 9});
  SteppedEnsemble<WalkWorld> stepped(model, {4, 9});
  EXPECT_EQ(stepped.months_done(), 0);
  while (!stepped.finished()) stepped.advance();
  stepped.advance();  // finished: nothing
  EXPECT_EQ(stepped.months_done(), 9);
  for (int r = 0; r < 4; ++r)
    for (int t = 0; t <= 9; ++t) EXPECT_EQ(stepped.table().at(0, r, t), whole.at(0, r, t));
  EXPECT_EQ(stepped.world(2).month, 9);
}

TEST(SteppedEnsemble, the_callback_sees_every_column_of_every_replication_once) {
  const auto model = walk_model();
  std::mutex mutex;
  std::multiset<std::pair<int, int>> seen;
  const auto note = [&](int r, int t, const WalkWorld& world) {
    const std::lock_guard lock(mutex);
    EXPECT_EQ(world.month, t);
    seen.insert({r, t});
  };
  SteppedEnsemble<WalkWorld> stepped(model, {3, 4}, nullptr, note);
  for (int m = 0; m < 4; ++m) stepped.advance(nullptr, note);
  EXPECT_EQ(seen.size(), 3u * 5u);
  for (int r = 0; r < 3; ++r)
    for (int t = 0; t <= 4; ++t) EXPECT_EQ(seen.count({r, t}), 1u) << r << " " << t;
}

TEST(SteppedEnsemble, a_replication_range_steps_those_replications) {
  const auto model = walk_model();
  const MetricTable all = run_ensemble(model, {5, 3});
  SteppedEnsemble<WalkWorld> tail(model, {2, 3, 3});
  while (!tail.finished()) tail.advance();
  for (int t = 0; t <= 3; ++t) EXPECT_EQ(tail.table().at(0, 1, t), all.at(0, 4, t));
}

TEST(SteppedEnsemble, a_stop_ends_the_month_with_interrupted) {
  const auto model = walk_model();
  SteppedEnsemble<WalkWorld> stepped(model, {2, 6});
  const std::atomic<bool> stop{true};
  EXPECT_THROW(stepped.advance(&stop), Interrupted);
  EXPECT_EQ(stepped.months_done(), 0);
}

}  // namespace
}  // namespace clustersim
