// The history block's compact rows: products kept in 16 bits until one does not fit, the day
// kept once per run of a basket's rows.
#include <gtest/gtest.h>

#include <random>
#include <vector>

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

TEST(HistoryBlock, UpToAndWindowSplitAtTheAsOfDayExactly) {
  // What a backtest's systems see (up_to T) and what they are judged on (window T .. T + W):
  // day T in the first only, day T + 1 in the second only — a day of the answer in the input
  // would inflate every figure of the report.
  HistoryBlock block(10);
  for (std::int32_t day : {10, 19, 20, 21, 27, 28}) {
    block.add_row(day, day, true);
    block.add_row(day, day + 100, false);
  }
  block.end_household();
  const HistoryBlock seen = block.up_to(20), judged = block.window(20, 27);
  ASSERT_EQ(seen.households(), 1);
  ASSERT_EQ(judged.households(), 1);
  std::vector<std::int32_t> seen_days, judged_days;
  for (std::int64_t r = 0; r < seen.rows(); ++r) seen_days.push_back(seen.day(r));
  for (std::int64_t r = 0; r < judged.rows(); ++r) judged_days.push_back(judged.day(r));
  EXPECT_EQ(seen_days, (std::vector<std::int32_t>{10, 10, 19, 19, 20, 20}));
  EXPECT_EQ(judged_days, (std::vector<std::int32_t>{21, 21, 27, 27}));
  EXPECT_EQ(seen.product(5), 120);
  EXPECT_TRUE(judged.opens_basket(0));
}

TEST(HistoryBlock, MarksTheDaysWithRowsInsideTheRangeAsked) {
  HistoryBlock block(100);
  block.add_row(100, 1, true);
  block.add_row(103, 2, true);
  block.end_household();
  block.add_row(103, 3, true);
  block.add_row(109, 4, true);  // past the range: not marked
  block.end_household();
  std::vector<std::uint8_t> marks(8, 0);  // days 101 .. 108
  block.mark_days_with_rows(101, marks);
  EXPECT_EQ(marks, (std::vector<std::uint8_t>{0, 0, 1, 0, 0, 0, 0, 0}));
  std::vector<std::uint8_t> from_before(3, 0);  // days 98 .. 100
  block.mark_days_with_rows(98, from_before);
  EXPECT_EQ(from_before, (std::vector<std::uint8_t>{0, 0, 1}));
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

TEST(HistoryBlock, EveryRowKeepsItsDayAndBasketStartAcrossManyWordsOfRuns) {
  // Baskets of 1..9 rows over several 64-row words, with now and then a day that changes inside
  // a basket (a new run that opens no basket) and a household that starts on the day the one
  // before ended.
  struct Row {
    std::int32_t day, product;
    bool opens;
  };
  std::mt19937 random(7);
  std::vector<Row> rows;
  std::vector<std::int64_t> household_ends;
  std::int32_t day = 50;
  for (int basket = 0; basket < 120; ++basket) {
    day += static_cast<std::int32_t>(random() % 3);  // two baskets may share a day
    const int size = 1 + static_cast<int>(random() % 9);
    for (int i = 0; i < size; ++i) {
      if (i > 0 && random() % 20 == 0) ++day;
      rows.push_back({day, static_cast<std::int32_t>(random() % 1000), i == 0});
    }
    if (basket % 17 == 16) household_ends.push_back(static_cast<std::int64_t>(rows.size()));
  }
  household_ends.push_back(static_cast<std::int64_t>(rows.size()));
  HistoryBlock block(50);
  block.reserve_rows(static_cast<std::int64_t>(rows.size()));
  std::size_t next_end = 0;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    block.add_row(rows[r].day, rows[r].product, rows[r].opens);
    if (static_cast<std::int64_t>(r + 1) == household_ends[next_end]) {
      block.end_household();
      ++next_end;
    }
  }
  ASSERT_EQ(block.rows(), static_cast<std::int64_t>(rows.size()));
  ASSERT_GT(block.rows(), 64 * 5);
  ASSERT_EQ(block.households(), static_cast<std::int64_t>(household_ends.size()));
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const auto i = static_cast<std::int64_t>(r);
    ASSERT_EQ(block.day(i), rows[r].day) << "row " << r;
    ASSERT_EQ(block.product(i), rows[r].product) << "row " << r;
    ASSERT_EQ(block.opens_basket(i), rows[r].opens) << "row " << r;
  }
  // The run-wise walk gives each household's rows with the same day and basket starts, and stops
  // when asked.
  for (std::int64_t h = 0; h < block.households(); ++h) {
    std::int64_t next_row = block.begin(h);
    block.for_each_run(h, [&](const HistoryBlock::DayRun& run) {
      EXPECT_EQ(run.begin, next_row);
      EXPECT_LT(run.begin, run.end);
      for (std::int64_t r = run.begin; r < run.end; ++r) {
        EXPECT_EQ(run.day, rows[static_cast<std::size_t>(r)].day) << "row " << r;
        EXPECT_EQ(run.opens_basket && r == run.begin, rows[static_cast<std::size_t>(r)].opens) << "row " << r;
      }
      next_row = run.end;
      return true;
    });
    EXPECT_EQ(next_row, block.end(h)) << "household " << h;
  }
  int visited = 0;
  block.for_each_run(0, [&](const HistoryBlock::DayRun&) { return ++visited < 3; });
  EXPECT_EQ(visited, 3);

  // A window cutting a household's rows opens a basket at its first kept row, and keeps every
  // later row's day.
  const std::int32_t cut = rows[rows.size() / 2].day;
  const HistoryBlock later = block.window(cut - 1, cut + 1000);
  std::vector<std::int32_t> kept_days;
  for (const Row& row : rows)
    if (row.day >= cut) kept_days.push_back(row.day);
  ASSERT_EQ(later.rows(), static_cast<std::int64_t>(kept_days.size()));
  for (std::int64_t h = 0; h < later.households(); ++h)
    if (later.begin(h) < later.end(h)) {
      EXPECT_TRUE(later.opens_basket(later.begin(h))) << "household " << h;
    }
  for (std::int64_t r = 0; r < later.rows(); ++r)
    ASSERT_EQ(later.day(r), kept_days[static_cast<std::size_t>(r)]);
  const std::int64_t kept = static_cast<std::int64_t>(kept_days.size());
  EXPECT_EQ(later.rows(), kept);
}

TEST(HistoryBlock, MemoryIsTwoBytesAProductAndADayABasket) {
  // 128 rows in 16 baskets of 8, one household: 2 bytes a product, 2 a basket's day, 16 for each
  // 64 rows (their run-start bits and the runs before them), 8 an offset.
  HistoryBlock block(0);
  for (int r = 0; r < 128; ++r) block.add_row(r / 8, r, r % 8 == 0);
  block.end_household();
  EXPECT_EQ(block.memory_bytes(), 128 * 2 + 16 * 2 + 2 * 16 + 2 * 8);
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
