// CSV fields, numbers and rows (sim/csv_writer.hpp), and the file renamed into place.
#include "sim/csv_writer.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <stdexcept>

#include "support/files.hpp"

namespace clustersim {
namespace {

TEST(CsvWriter, quotes_only_what_needs_it_and_numbers_read_back_exactly) {
  EXPECT_EQ(csv_field("links"), "links");
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_field("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(csv_field(" padded"), "\" padded\"");
  EXPECT_EQ(csv_number(0.1), "0.1");
  EXPECT_EQ(csv_number(1.0 / 3), "0.3333333333333333");
  EXPECT_EQ(std::strtod(csv_number(1.0 / 3).c_str(), nullptr), 1.0 / 3);
  EXPECT_EQ(csv_number(std::nan("")), "NaN");
  EXPECT_EQ(csv_number(-INFINITY), "-Inf");
  std::ostringstream out;
  CsvWriter csv(out, {"a", "b"});
  csv.row({"1", "x,y"});
  EXPECT_EQ(out.str(), "a,b\n1,\"x,y\"\n");
  EXPECT_EQ(csv.rows(), 1);
  EXPECT_THROW(csv.row({"only one"}), std::invalid_argument);
}

TEST(AtomicTextFile, appears_only_when_committed_and_replaces_only_when_allowed) {
  const std::string folder = testing::temporary_folder("csv_writer");
  const std::string path = folder + "/out.csv";
  {
    AtomicTextFile file(path, false);
    file.stream() << "partial\n";
    EXPECT_FALSE(std::filesystem::exists(path));  // only the hidden temporary so far
    EXPECT_TRUE(std::filesystem::exists(file.temporary_path()));
  }  // not committed: the temporary goes, nothing appears
  EXPECT_TRUE(std::filesystem::is_empty(folder));
  testing::write_file(path, "keep\n");
  {
    AtomicTextFile file(path, false);
    file.stream() << "new\n";
    EXPECT_ANY_THROW(file.commit());  // a file appeared meanwhile: kept
  }
  EXPECT_EQ(testing::read_text(path), "keep\n");
  {
    AtomicTextFile file(path, true);
    file.stream() << "new\n";
    file.commit();
  }
  EXPECT_EQ(testing::read_text(path), "new\n");
  std::filesystem::remove_all(folder);
}

}  // namespace
}  // namespace clustersim
