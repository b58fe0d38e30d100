// Baselines on hand-built histories: counts, ties and short lists.
#include <gtest/gtest.h>

#include <vector>

#include "engine/baselines.hpp"
#include "tests/engine/history_builder.hpp"

using namespace basketgap::engine;

namespace {
using basketgap::testing::block;
using basketgap::testing::Row;
std::vector<std::int32_t> list_of(const CouponTable& t, std::int64_t h) {
  const auto s = t.products_of(h);
  return {s.begin(), s.end()};
}
}  // namespace

TEST(Baselines, PopularityCountsDistinctHouseholdsNotRows) {
  // Product 0: one household, many rows; product 1 and 2: two households each.
  const HistoryBlock b =
      block({{{1, 1, 0}, {2, 2, 0}, {3, 3, 0}, {3, 3, 2}}, {{1, 4, 1}, {1, 4, 2}}, {{1, 5, 1}}});
  const auto counts = product_household_counts(b, 4);
  EXPECT_EQ(counts, (std::vector<std::int64_t>{1, 2, 2, 0}));
  // Ties (1 and 2) by the lower index; product 3 was never bought: the last slot stays empty.
  EXPECT_EQ(top_popular(counts, 4), (std::vector<std::int32_t>{1, 2, 0, -1}));
  const CouponTable t = popularity_table(b, top_popular(counts, 2), counts);
  EXPECT_EQ(list_of(t, 2), (std::vector<std::int32_t>{1, 2}));
  EXPECT_EQ(t.reason[0], static_cast<std::uint8_t>(Reason::popular));
}

TEST(Baselines, PersonalTopFrequencyCountsBasketsNotLines) {
  // Product 5 in baskets 1 and 2 (two lines in basket 1); product 6 in basket 1 only.
  const HistoryBlock b = block({{{1, 1, 5}, {1, 1, 5}, {1, 1, 6}, {2, 2, 5}}});
  const CouponTable t = personal_top_frequency(b, 3);
  EXPECT_EQ(list_of(t, 0), (std::vector<std::int32_t>{5, 6, -1}));  // fewer than K products
  EXPECT_FLOAT_EQ(t.score[0], 2.0f);
  EXPECT_EQ(t.reason[0], static_cast<std::uint8_t>(Reason::repeat));
}

TEST(Baselines, PersonalTiesByMostRecentThenLowerIndex) {
  // Each product in one basket: 7 last bought day 9, 3 and 4 on day 5, 1 on day 2.
  const HistoryBlock b = block({{{2, 1, 1}, {5, 2, 4}, {5, 2, 3}, {9, 3, 7}}});
  const CouponTable t = personal_top_frequency(b, 4);
  EXPECT_EQ(list_of(t, 0), (std::vector<std::int32_t>{7, 3, 4, 1}));
}

TEST(Baselines, PersonalListsAreIndependentPerHousehold) {
  const HistoryBlock b = block({{{1, 1, 2}, {2, 2, 2}, {3, 3, 1}}, {}, {{4, 9, 8}}});
  const CouponTable t = personal_top_frequency(b, 2);
  EXPECT_EQ(list_of(t, 0), (std::vector<std::int32_t>{2, 1}));
  EXPECT_EQ(list_of(t, 1), (std::vector<std::int32_t>{-1, -1}));
  EXPECT_EQ(list_of(t, 2), (std::vector<std::int32_t>{8, -1}));
}
