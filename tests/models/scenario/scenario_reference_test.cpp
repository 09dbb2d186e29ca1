// docs/scenario-reference.md is generated from the schema and must not drift from it.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "models/scenario/scenario_reference.hpp"
#include "support/test_support.hpp"

namespace clustersim {
namespace {

TEST(ScenarioReference, docs_file_equals_generated_markdown) {
  std::ifstream in(testing::source_path("docs/scenario-reference.md"));
  ASSERT_TRUE(in) << "docs/scenario-reference.md is missing; generate it with "
                     "`clustersim reference > docs/scenario-reference.md`";
  std::ostringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str(), scenario_reference_markdown())
      << "regenerate with `clustersim reference > docs/scenario-reference.md`";
}

TEST(ScenarioReference, documents_every_table_and_a_nested_key) {
  const std::string markdown = scenario_reference_markdown();
  for (const char* needle : {"parameters.transfer.rate", "calendar.start", "[[firms]]",
                             "[[events]]", "output.snapshots"})
    EXPECT_NE(markdown.find(needle), std::string::npos) << needle;
}

}  // namespace
}  // namespace clustersim
