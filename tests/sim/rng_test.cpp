#include "sim/rng.hpp"

#include <gtest/gtest.h>

namespace clustersim {
namespace {

// Known-answer vectors of Philox4x32-10 from the Random123 distribution (kat_vectors).
TEST(Philox, matches_random123_known_answers) {
  EXPECT_EQ(philox4x32({0, 0, 0, 0}, {0, 0}),
            (std::array<std::uint32_t, 4>{0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}));
  EXPECT_EQ(philox4x32({0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff}, {0xffffffff, 0xffffffff}),
            (std::array<std::uint32_t, 4>{0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}));
  EXPECT_EQ(philox4x32({0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344}, {0xa4093822, 0x299f31d0}),
            (std::array<std::uint32_t, 4>{0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}));
}

TEST(RandomStream, same_key_gives_same_sequence) {
  const StreamKey key{42, 3, 17, 1, 1234, 5};
  RandomStream a(key), b(key);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(a(), b());
}

TEST(RandomStream, streams_of_other_purposes_do_not_shift_each_other) {
  // Drawing heavily from one purpose leaves another purpose's stream untouched.
  const StreamKey trial{42, 0, 5, 1, 9, 5};
  StreamKey search = trial;
  search.purpose = 2;
  RandomStream reference(trial);
  RandomStream other(search);
  for (int i = 0; i < 1000; ++i) other();
  RandomStream again(trial);
  for (int i = 0; i < 50; ++i) EXPECT_EQ(reference(), again());
}

TEST(RandomStream, every_key_component_changes_the_stream) {
  const StreamKey base{1, 2, 3, 1, 4, 9};
  auto first = [](StreamKey k) { return RandomStream(k)(); };
  const auto reference = first(base);
  StreamKey k = base;
  k.seed = 9;
  EXPECT_NE(first(k), reference);
  k = base;
  k.replication = 9;
  EXPECT_NE(first(k), reference);
  k = base;
  k.month = 9;
  EXPECT_NE(first(k), reference);
  k = base;
  k.kind = 2;
  EXPECT_NE(first(k), reference);
  k = base;
  k.agent = 9;
  EXPECT_NE(first(k), reference);
  k = base;
  k.purpose = 7;
  EXPECT_NE(first(k), reference);
}

TEST(RandomStream, uniform_is_in_unit_interval_with_mean_one_half) {
  RandomStream rng(StreamKey{5, 0, 0, 5, 0, 12});
  double sum = 0;
  constexpr int n = 100000;
  for (int i = 0; i < n; ++i) {
    const double u = rng.uniform();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
  }
  EXPECT_NEAR(sum / n, 0.5, 0.005);
}

}  // namespace
}  // namespace clustersim
