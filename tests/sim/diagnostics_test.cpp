// Diagnostics helpers: edit distance and the "did you mean" suggestion.
#include "sim/diagnostics.hpp"

#include <gtest/gtest.h>

namespace clustersim {
namespace {

TEST(Diagnostics, closest_match_suggests_only_near_words) {
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3);
  EXPECT_EQ(closest_match("replicatons", {"seed", "replications"}), "replications");
  EXPECT_EQ(closest_match("zzzzzz", {"seed", "replications"}), "");
}

}  // namespace
}  // namespace clustersim
