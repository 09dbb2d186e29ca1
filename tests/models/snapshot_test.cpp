// Snapshots (models/snapshot.cpp): the captured firm state and network land in the
// results file as a dataset group and read back with the values of the world.
#include <gtest/gtest.h>

#include <H5Cpp.h>

#include <filesystem>
#include <string>
#include <vector>

#include "models/cluster_model.hpp"
#include "models/scenario/scenario_loader.hpp"
#include "models/snapshot.hpp"
#include "sim/results_file.hpp"
#include "support/test_support.hpp"

namespace clustersim {
namespace {

TEST(Snapshot, groups_hold_firm_state_and_network) {
  const std::string folder = testing::temporary_folder("snapshot");
  const Scenario scenario = load_scenario_text(testing::minimal_scenario_toml(), "minimal.toml");
  const std::string path = folder + "/snap.h5";
  World world = cluster_model(scenario).build(1);
  const int alive = scenario.initial_firm_count();
  const MetricTable table({{"alpha", "firms", "First metric."}}, scenario.replications,
                          scenario.calendar.months() + 1);
  {
    ResultsWriter writer(path);
    writer.write_header({"minimal", "clustersim run minimal.toml", "2024-01-02T03:04:05Z", 7, 2, 1},
                        "x = 1\n", column_labels(scenario.calendar));
    writer.write_group("/snapshots/2021-06/replication_1", capture_snapshot(world));
    writer.write_metrics(table, 4);
    writer.commit();
  }
  {
    H5::H5File file(path, H5F_ACC_RDONLY);
    ASSERT_TRUE(file.nameExists("snapshots"));
    const auto group = file.openGroup("snapshots/2021-06/replication_1");
    ASSERT_TRUE(group.nameExists("firms"));
    ASSERT_TRUE(group.nameExists("network"));
    auto knowledge = file.openDataSet("snapshots/2021-06/replication_1/firms/knowledge");
    hsize_t dims[2] = {0, 0};
    ASSERT_EQ(knowledge.getSpace().getSimpleExtentNdims(), 2);
    knowledge.getSpace().getSimpleExtentDims(dims);
    EXPECT_EQ(dims[0], hsize_t(alive));
    EXPECT_EQ(dims[1], 2u);
    std::vector<double> values(dims[0] * dims[1]);
    knowledge.read(values.data(), H5::PredType::NATIVE_DOUBLE);
    EXPECT_EQ(values[0], world.firms.knowledge(0, 0));
    EXPECT_EQ(values[1], world.firms.knowledge(0, 1));
  }
  std::filesystem::remove_all(folder);
}

}  // namespace
}  // namespace clustersim
