#include <gtest/gtest.h>

#include <vector>

#include "engine/partition.hpp"

using basketgap::engine::balance_by_rows;

TEST(Partition, BalancesByRowsNotHouseholds) {
  // Household 0 has 90 rows, households 1..9 have 1 row each (99 in all).
  std::vector<std::int64_t> offsets{0, 90};
  for (int h = 1; h < 10; ++h) offsets.push_back(offsets.back() + 1);
  const auto ranges = balance_by_rows(offsets, 2);
  ASSERT_EQ(ranges.size(), 2u);
  EXPECT_EQ(ranges[0].begin, 0);
  EXPECT_EQ(ranges[0].end, 1);  // the heavy household alone already passes half the rows
  EXPECT_EQ(ranges[1].begin, 1);
  EXPECT_EQ(ranges[1].end, 10);
}

TEST(Partition, CoversEveryHouseholdOnceWithEmptyParts) {
  const std::vector<std::int64_t> offsets{0, 5, 10};
  const auto ranges = balance_by_rows(offsets, 4);
  ASSERT_EQ(ranges.size(), 4u);
  std::int64_t covered = 0;
  for (std::size_t p = 0; p < ranges.size(); ++p) {
    if (p > 0) {
      EXPECT_EQ(ranges[p].begin, ranges[p - 1].end);
    }
    covered += ranges[p].size();
  }
  EXPECT_EQ(covered, 2);
  EXPECT_EQ(ranges.back().end, 2);
}

TEST(Partition, RejectsBadArguments) {
  const std::vector<std::int64_t> offsets{0, 1};
  EXPECT_THROW(balance_by_rows(offsets, 0), std::invalid_argument);
  EXPECT_THROW(balance_by_rows(std::vector<std::int64_t>{}, 1), std::invalid_argument);
}
