// The engine's stepper (ReplicationRun) and its replication range: stepping one run by
// hand gives what run_ensemble records, stepping until a condition stops at its first
// column, and a range of replications runs the streams of those replications.
#include <gtest/gtest.h>

#include "sim/simulation.hpp"
#include "walk_model.hpp"

namespace clustersim {
namespace {

using testing::walk_model;
using testing::WalkWorld;

TEST(ReplicationRun, stepping_by_hand_records_what_the_ensemble_records) {
  const auto model = walk_model();
  const MetricTable table = run_ensemble(model, {3, 12});
  for (int r = 0; r < 3; ++r) {
    ReplicationRun<WalkWorld> run(model, r, 12);
    EXPECT_EQ(run.months_done(), 0);
    EXPECT_EQ(run.series().at(0, 0), double(r));  // column 0 at construction
    while (!run.finished()) run.advance();
    run.advance();  // a finished run stays as it is
    EXPECT_EQ(run.months_done(), 12);
    for (int t = 0; t <= 12; ++t) EXPECT_EQ(run.series().at(0, t), table.at(0, r, t)) << r;
  }
}

TEST(ReplicationRun, a_range_of_replications_runs_those_replications_streams) {
  const auto model = walk_model();
  const MetricTable all = run_ensemble(model, {5, 6});
  const MetricTable tail = run_ensemble(model, {2, 6, 3});  // replications 3 and 4
  ASSERT_EQ(tail.replications(), 2);
  for (int t = 0; t <= 6; ++t) {
    EXPECT_EQ(tail.at(0, 0, t), all.at(0, 3, t));
    EXPECT_EQ(tail.at(0, 1, t), all.at(0, 4, t));
  }
  EXPECT_NE(tail.at(0, 0, 6), all.at(0, 0, 6));  // not replication 0 again
}

// Stepping until an event stops at the first column where it holds, having recorded what
// the ensemble records up to there; a run that never meets it ends finished.
TEST(ReplicationRun, advance_until_stops_at_the_first_column_that_meets_the_condition) {
  const auto model = walk_model();
  const MetricTable table = run_ensemble(model, {1, 24});
  int first = -1;  // the first month the walk is below its start
  for (int t = 1; t <= 24 && first < 0; ++t)
    if (table.at(0, 0, t) < 0) first = t;
  ASSERT_GT(first, 0) << "the walk never goes below 0; pick another condition";
  ReplicationRun<WalkWorld> run(model, 0, 24);
  const auto below_zero = [](const ReplicationSeries& series, int t) {
    return series.at(0, t) < 0;
  };
  EXPECT_TRUE(run.advance_until(below_zero));
  EXPECT_EQ(run.months_done(), first);
  for (int t = 0; t <= first; ++t) EXPECT_EQ(run.series().at(0, t), table.at(0, 0, t));

  ReplicationRun<WalkWorld> never(model, 0, 24);
  EXPECT_FALSE(never.advance_until([](const ReplicationSeries&, int) { return false; }));
  EXPECT_TRUE(never.finished());
  EXPECT_EQ(never.series().at(0, 24), table.at(0, 0, 24));
}

}  // namespace
}  // namespace clustersim
