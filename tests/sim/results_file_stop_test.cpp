// Issue 22, item 9: a stop is honoured while results are written and before the final
// rename, not only between months: writing a replication of a long calendar takes
// seconds (one compressed row per metric), and a stop must leave no file behind.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <string>
#include <vector>

#include "sim/interrupt.hpp"
#include "sim/results_file.hpp"
#include "support/test_support.hpp"

namespace clustersim {
namespace {

namespace fs = std::filesystem;

std::vector<MetricInfo> three_metrics() {
  return {{"a", "1", "A.", MetricKind::stock},
          {"b", "1", "B.", MetricKind::stock},
          {"c", "1", "C.", MetricKind::stock}};
}

TEST(ResultsStop, a_stop_ends_a_replication_write_and_prevents_the_rename) {
  const auto folder = testing::temporary_folder("results-stop");
  const auto out = folder + "/out.h5";
  std::atomic<bool> stop{false};
  {
    ResultsWriter writer(out);
    writer.write_header({}, "", {"0", "1", "2", "3"});
    writer.begin_metrics(three_metrics(), 2, 4, 0);
    const StopScope scope(&stop);
    writer.write_replication(0, ReplicationSeries(3, 4));  // no stop yet: written
    stop = true;
    EXPECT_THROW(writer.write_replication(1, ReplicationSeries(3, 4)), Interrupted);
    EXPECT_THROW(writer.commit(), Interrupted);
    EXPECT_TRUE(fs::exists(writer.temporary_path()));
  }
  EXPECT_FALSE(fs::exists(out));
  for (const auto& entry : fs::directory_iterator(folder))
    ADD_FAILURE() << "left behind: " << entry.path();
  fs::remove_all(folder);
}

// Another replication's failure is a stop too (the engine's second flag).
TEST(ResultsStop, a_failure_elsewhere_ends_a_replication_write) {
  const auto folder = testing::temporary_folder("results-failed");
  std::atomic<bool> failed{true};
  {
    ResultsWriter writer(folder + "/out.h5");
    writer.write_header({}, "", {"0", "1", "2", "3"});
    writer.begin_metrics(three_metrics(), 1, 4, 0);
    const StopScope scope(nullptr, &failed);
    EXPECT_THROW(writer.write_replication(0, ReplicationSeries(3, 4)), Interrupted);
  }
  fs::remove_all(folder);
}

}  // namespace
}  // namespace clustersim
