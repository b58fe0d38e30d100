// The history block's compact rows: products kept in 16 bits until one does not fit.
#include <gtest/gtest.h>

#include "engine/history.hpp"

namespace basketgap::engine {
namespace {

TEST(HistoryBlock, RowsKeepDayProductAndBasketStarts) {
  HistoryBlock block(100);
  block.add_row(100, 7, true);
  block.add_row(100, 65535, false);  // the largest index of the 16-bit rows
  block.end_household();
  block.add_row(130, 0, true);
  block.end_household();
  ASSERT_EQ(block.households(), 2);
  ASSERT_EQ(block.rows(), 3);
  EXPECT_EQ(block.day(0), 100);
  EXPECT_EQ(block.product(0), 7);
  EXPECT_TRUE(block.opens_basket(0));
  EXPECT_EQ(block.product(1), 65535);
  EXPECT_FALSE(block.opens_basket(1));
  EXPECT_EQ(block.day(2), 130);
  EXPECT_EQ(block.begin(1), 2);
}

TEST(HistoryBlock, ALargeProductIndexWidensTheRowsWithoutChangingEarlierOnes) {
  HistoryBlock block(0);
  block.reserve_rows(4);
  block.add_row(1, 65535, true);
  block.add_row(1, 3, false);
  block.add_row(2, 65536, true);  // needs 17 bits: every row moves to 32 bits
  block.add_row(3, 2'000'000'000, true);
  block.end_household();
  EXPECT_EQ(block.product(0), 65535);
  EXPECT_EQ(block.product(1), 3);
  EXPECT_EQ(block.product(2), 65536);
  EXPECT_EQ(block.product(3), 2'000'000'000);
  EXPECT_EQ(block.day(3), 3);
  EXPECT_TRUE(block.opens_basket(2));
  EXPECT_FALSE(block.opens_basket(1));
  // Filtering keeps the wide products.
  const HistoryBlock later = block.window(1, 3);
  ASSERT_EQ(later.rows(), 2);
  EXPECT_EQ(later.product(0), 65536);
  EXPECT_EQ(later.product(1), 2'000'000'000);
}

TEST(HistoryBlock, RejectsANegativeProductAndADayOutsideItsSpan) {
  HistoryBlock block(10);
  EXPECT_THROW(block.add_row(10, -1, true), std::out_of_range);
  EXPECT_THROW(block.add_row(9, 1, true), std::out_of_range);
  EXPECT_THROW(block.add_row(10 + HistoryBlock::kMaxDaySpan + 1, 1, true), std::out_of_range);
  EXPECT_EQ(block.rows(), 0);
}

}  // namespace
}  // namespace basketgap::engine
