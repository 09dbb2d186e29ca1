// Diagnostics helpers: edit distance and the "did you mean" suggestion.
#include "sim/diagnostics.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace clustersim {
namespace {

TEST(Diagnostics, closest_match_suggests_only_near_words) {
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3);
  EXPECT_EQ(closest_match("replicatons", {"seed", "replications"}), "replications");
  EXPECT_EQ(closest_match("zzzzzz", {"seed", "replications"}), "");
}

// An unknown 1 MB key used to cost length x candidates (seconds); it now gets no
// suggestion and almost no work. A work counter, not a clock, so the test is stable.
TEST(Diagnostics, a_huge_word_gets_no_suggestion_and_costs_almost_nothing) {
  const std::string huge(1 << 20, 'x');
  const std::vector<std::string> candidates(400, "parameters.transfer.rate");
  const long before = edit_distance_work();
  EXPECT_EQ(closest_match(huge, candidates), "");
  EXPECT_LT(edit_distance_work() - before, 1000);
}

TEST(Diagnostics, comparisons_stop_once_a_candidate_cannot_win) {
  const std::vector<std::string> candidates(100, std::string(200, 'b'));
  const long before = edit_distance_work();
  EXPECT_EQ(closest_match(std::string(200, 'a'), candidates), "");
  // Without the bound each candidate costs 200 x 200 cells.
  EXPECT_LT(edit_distance_work() - before, 100L * 200 * 200 * 3 / 4);
  EXPECT_EQ(edit_distance("abc", "abd"), 1);
}

}  // namespace
}  // namespace clustersim
