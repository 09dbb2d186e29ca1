// read_group (sim/results_file.hpp): a group reads back as write_group stored it.
#include <gtest/gtest.h>

#include <H5Cpp.h>

#include <filesystem>
#include <map>
#include <stdexcept>

#include "sim/diagnostics.hpp"
#include "sim/results_file.hpp"
#include "support/files.hpp"

namespace clustersim {
namespace {

class ResultsGroup : public ::testing::Test {
 protected:
  void SetUp() override { folder_ = testing::temporary_folder("results_group"); }
  void TearDown() override { std::filesystem::remove_all(folder_); }
  std::string folder_;
};

TEST_F(ResultsGroup, every_stored_type_attribute_and_sub_group_reads_back) {
  DatasetGroup group;
  group.add("numbers", std::vector<double>{0.1, -2.5, 3, 4, 5, 6}, "mln RUB", {2, 3});
  group.add("counts", std::vector<std::int32_t>{-1, 7});
  group.add("flags", std::vector<std::uint8_t>{0, 1, 1});
  group.add("observed", std::vector<std::int8_t>{-1, 0, 1});
  group.add("names", std::vector<std::string>{"a, b", "say \"hi\""});
  group.attribute("metric", std::string("links"));
  group.attribute("threshold", 0.25);
  group.attribute("points", std::int32_t(5));
  DatasetGroup child;
  child.add("key", std::vector<std::string>{"parameters.entry"});
  group.children.emplace_back("parameters", child);
  const std::string path = folder_ + "/group.h5";
  {
    ResultsWriter writer(path);
    writer.write_header({"toy", "test", utc_now_iso8601(), 1, 1, 1}, "", {"2019-12"});
    writer.write_group("/analysis/record", group);
    writer.commit();
  }
  const auto read = read_group(path, "/analysis/record");
  ASSERT_TRUE(read.has_value());
  auto dataset = [&](const std::string& name) -> const Dataset& {
    for (const auto& d : read->datasets)
      if (d.name == name) return d;
    throw std::runtime_error("no dataset " + name);
  };
  EXPECT_EQ(std::get<std::vector<double>>(dataset("numbers").values),
            (std::vector<double>{0.1, -2.5, 3, 4, 5, 6}));
  EXPECT_EQ(dataset("numbers").dims, (std::vector<std::uint64_t>{2, 3}));
  EXPECT_EQ(dataset("numbers").units, "mln RUB");
  EXPECT_EQ(std::get<std::vector<std::int32_t>>(dataset("counts").values),
            (std::vector<std::int32_t>{-1, 7}));
  EXPECT_EQ(std::get<std::vector<std::uint8_t>>(dataset("flags").values),
            (std::vector<std::uint8_t>{0, 1, 1}));
  EXPECT_EQ(std::get<std::vector<std::int8_t>>(dataset("observed").values),
            (std::vector<std::int8_t>{-1, 0, 1}));
  EXPECT_EQ(std::get<std::vector<std::string>>(dataset("names").values),
            (std::vector<std::string>{"a, b", "say \"hi\""}));
  std::map<std::string, AttributeValue> attributes(read->attributes.begin(),
                                                   read->attributes.end());
  EXPECT_EQ(std::get<std::string>(attributes.at("metric")), "links");
  EXPECT_EQ(std::get<double>(attributes.at("threshold")), 0.25);
  EXPECT_EQ(std::get<std::int32_t>(attributes.at("points")), 5);
  ASSERT_EQ(read->children.size(), 1u);
  EXPECT_EQ(read->children[0].name, "parameters");
  EXPECT_EQ(std::get<std::vector<std::string>>(read->children[0].group.datasets[0].values),
            (std::vector<std::string>{"parameters.entry"}));
  // A group the file does not have, under a parent it has or not, is no group.
  EXPECT_FALSE(read_group(path, "/analysis/other").has_value());
  EXPECT_FALSE(read_group(path, "/sweep").has_value());
  EXPECT_THROW(read_group(path, "/scenario"), InputError);  // a dataset, not a group
}

TEST_F(ResultsGroup, files_that_are_not_results_are_bad_input) {
  const std::string text = folder_ + "/text.h5";
  testing::write_file(text, "not hdf5\n");
  EXPECT_THROW(read_group(text, "/stress"), InputError);
  EXPECT_THROW(read_group(folder_ + "/missing.h5", "/stress"), InputError);
  const std::string foreign = folder_ + "/foreign.h5";
  H5::H5File(foreign, H5F_ACC_TRUNC).createGroup("stress");
  EXPECT_THROW(read_group(foreign, "/stress"), InputError);  // no schema attribute
}

}  // namespace
}  // namespace clustersim
