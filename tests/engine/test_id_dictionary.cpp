#include "engine/id_dictionary.hpp"

#include <gtest/gtest.h>

#include <vector>

using basketgap::engine::IdDictionary;
using basketgap::engine::is_strictly_ascending;

TEST(IdDictionary, IndexIsThePositionInTheAscendingIds) {
  const std::vector<std::int64_t> ids{3, 17, 40, 1'000'000'007};
  const IdDictionary dictionary(ids);
  EXPECT_EQ(dictionary.size(), 4);
  EXPECT_EQ(dictionary.index_of(3), 0);
  EXPECT_EQ(dictionary.index_of(40), 2);
  EXPECT_EQ(dictionary.index_of(1'000'000'007), 3);
  EXPECT_EQ(dictionary.id_of(1), 17);
}

TEST(IdDictionary, UnknownIdsAreMinusOne) {
  const std::vector<std::int64_t> ids{3, 17, 40};
  const IdDictionary dictionary(ids);
  EXPECT_EQ(dictionary.index_of(2), -1);   // before the first
  EXPECT_EQ(dictionary.index_of(18), -1);  // between two
  EXPECT_EQ(dictionary.index_of(41), -1);  // past the last
  EXPECT_FALSE(dictionary.contains(-3));
  EXPECT_EQ(IdDictionary().index_of(3), -1);  // empty
}

TEST(IdDictionary, AscendingCheckRejectsRepeatsAndDisorder) {
  EXPECT_TRUE(is_strictly_ascending(std::vector<std::int64_t>{}));
  EXPECT_TRUE(is_strictly_ascending(std::vector<std::int64_t>{1, 2, 9}));
  EXPECT_FALSE(is_strictly_ascending(std::vector<std::int64_t>{1, 2, 2}));
  EXPECT_FALSE(is_strictly_ascending(std::vector<std::int64_t>{5, 1}));
}
