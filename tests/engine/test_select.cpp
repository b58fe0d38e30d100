// Blend and select: reasons, reward/discovery slot minimums, ties by product index, and the
// popular fallback that fills every row to K without duplicates.
#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "engine/select.hpp"

using namespace basketgap::engine;

namespace {
Candidate bought(std::int32_t product, double score, double ratio = 0.1, std::int32_t baskets = 3) {
  Candidate c;
  c.product = product;
  c.bought = true;
  c.score = score;
  c.ratio = ratio;
  c.baskets = baskets;
  return c;
}
Candidate fresh(std::int32_t product, double score, std::int32_t source = -1) {
  Candidate c;
  c.product = product;
  c.score = score;
  c.source = source;
  c.cross_sell = source >= 0 ? 0.5 : 0.0;
  return c;
}
std::vector<std::int32_t> row_of(const CouponTable& t, std::int64_t h) {
  const auto s = t.products_of(h);
  return {s.begin(), s.end()};
}
Reason reason_at(const CouponTable& t, std::int64_t h, int slot) {
  return static_cast<Reason>(t.reason[h * t.k + slot]);
}
ScoreConfig with_k(int k) {
  ScoreConfig c;
  c.k = k;
  return c;
}
}  // namespace

TEST(Select, ReasonOfEachKind) {
  const ScoreConfig config;  // due 0.8, win-back 3.0, min purchases 3
  EXPECT_EQ(reason_of(bought(1, 0, 0.5), config), Reason::repeat);
  EXPECT_EQ(reason_of(bought(1, 0, 0.8), config), Reason::replenish);
  EXPECT_EQ(reason_of(bought(1, 0, 9.0 / 7.0), config), Reason::replenish);
  EXPECT_EQ(reason_of(bought(1, 0, 3.0), config), Reason::win_back);
  EXPECT_EQ(reason_of(bought(1, 0, 5.0, 2), config), Reason::replenish);  // too few purchases
  EXPECT_EQ(reason_of(fresh(1, 0, 4), config), Reason::cross_sell);
  EXPECT_EQ(reason_of(fresh(1, 0), config), Reason::popular);
}

TEST(Select, BestScoresFirstTiesByLowerProduct) {
  ScoringContext context;
  CouponTable table(3, 2);
  std::vector<Candidate> c{bought(9, 0.5), bought(4, 0.5, 1.0), fresh(7, 0.9, 9), bought(2, 0.1),
                           fresh(1, 0.5)};
  select_coupons(c, context, with_k(3), table, 1);
  EXPECT_EQ(row_of(table, 1), (std::vector<std::int32_t>{7, 1, 4}));
  EXPECT_EQ(row_of(table, 0), (std::vector<std::int32_t>{-1, -1, -1}));  // other rows untouched
  EXPECT_EQ(reason_at(table, 1, 0), Reason::cross_sell);
  EXPECT_EQ(table.source[3], 9);
  EXPECT_EQ(reason_at(table, 1, 1), Reason::popular);
  EXPECT_EQ(table.source[4], -1);
  EXPECT_EQ(reason_at(table, 1, 2), Reason::replenish);
  EXPECT_EQ(table.source[5], -1);
  EXPECT_FLOAT_EQ(table.score[3], 0.9f);
  EXPECT_FLOAT_EQ(table.score[5], 0.5f);

  // The input order does not matter.
  std::vector<Candidate> d{fresh(1, 0.5), bought(2, 0.1), fresh(7, 0.9, 9), bought(4, 0.5, 1.0),
                           bought(9, 0.5)};
  CouponTable again(3, 2);
  select_coupons(d, context, with_k(3), again, 1);
  EXPECT_EQ(again.product, table.product);
  EXPECT_EQ(again.reason, table.reason);
  EXPECT_EQ(again.source, table.source);
}

TEST(Select, SlotMinimumsTakeTheBestOfEachKind) {
  ScoringContext context;
  const auto candidates = [] {
    return std::vector<Candidate>{bought(1, 0.9), bought(2, 0.8),   bought(3, 0.7),
                                  bought(4, 0.6), fresh(5, 0.2, 1), fresh(6, 0.1)};
  };
  ScoreConfig config = with_k(3);
  CouponTable table(3, 1);
  auto c = candidates();
  select_coupons(c, context, config, table, 0);
  EXPECT_EQ(row_of(table, 0), (std::vector<std::int32_t>{1, 2, 3}));

  config.discovery_slots = 2;  // the two new products displace the weakest bought ones
  c = candidates();
  select_coupons(c, context, config, table, 0);
  EXPECT_EQ(row_of(table, 0), (std::vector<std::int32_t>{1, 5, 6}));  // still ordered by score
  EXPECT_EQ(reason_at(table, 0, 1), Reason::cross_sell);
  EXPECT_EQ(reason_at(table, 0, 2), Reason::popular);

  // Reward slots: bought products guaranteed against stronger new ones.
  const auto exploring = [] {
    return std::vector<Candidate>{fresh(1, 0.9, 7), fresh(2, 0.8), fresh(3, 0.7), bought(4, 0.2),
                                  bought(5, 0.1)};
  };
  config.discovery_slots = 0;
  config.reward_slots = 1;
  c = exploring();
  select_coupons(c, context, config, table, 0);
  EXPECT_EQ(row_of(table, 0), (std::vector<std::int32_t>{1, 2, 4}));
  // Both minimums at once, more than K together: reward first, then discovery up to K.
  config.reward_slots = 2;
  config.discovery_slots = 2;
  c = exploring();
  select_coupons(c, context, config, table, 0);
  EXPECT_EQ(row_of(table, 0), (std::vector<std::int32_t>{1, 4, 5}));
  // A minimum larger than the kind's supply takes what there is.
  config.reward_slots = 5;
  config.discovery_slots = 0;
  c = exploring();
  select_coupons(c, context, config, table, 0);
  EXPECT_EQ(row_of(table, 0), (std::vector<std::int32_t>{1, 4, 5}));
}

TEST(Select, PopularFallbackFillsToKWithoutDuplicates) {
  ScoringContext context;
  context.popular = {3, 7, 2, 9, 4, 8};
  CouponTable table(4, 1);
  std::vector<Candidate> c{bought(7, 0.4), fresh(2, 0.3, 7)};
  select_coupons(c, context, with_k(4), table, 0);
  // 7 and 2 from the candidates, then 3 and 9 (7 and 2 are not repeated).
  EXPECT_EQ(row_of(table, 0), (std::vector<std::int32_t>{7, 2, 3, 9}));
  EXPECT_EQ(reason_at(table, 0, 2), Reason::popular);
  EXPECT_EQ(reason_at(table, 0, 3), Reason::popular);
  EXPECT_EQ(table.score[2], 0.0f);
  EXPECT_EQ(table.source[3], -1);

  // No candidates at all: the popular list itself.
  std::vector<Candidate> none;
  select_coupons(none, context, with_k(4), table, 0);
  EXPECT_EQ(row_of(table, 0), (std::vector<std::int32_t>{3, 7, 2, 9}));

  // More slots than candidates and popular products together: the rest stays empty.
  CouponTable wide(10, 1);
  std::vector<Candidate> one{bought(8, 0.4)};
  select_coupons(one, context, with_k(10), wide, 0);
  EXPECT_EQ(row_of(wide, 0), (std::vector<std::int32_t>{8, 3, 7, 2, 9, 4, -1, -1, -1, -1}));
}

TEST(Select, EveryRowHasKDistinctProducts) {
  ScoringContext context;
  for (std::int32_t p = 0; p < 20; ++p) context.popular.push_back(p);
  const int k = 6;
  CouponTable table(k, 5);
  for (std::int64_t h = 0; h < 5; ++h) {
    std::vector<Candidate> c;
    for (std::int32_t i = 0; i < h * 2; ++i)
      c.push_back(i % 2 ? fresh(3 * i, 0.01 * i, 1) : bought(3 * i, 0.02 * i));
    select_coupons(c, context, with_k(k), table, h);
    auto row = row_of(table, h);
    EXPECT_EQ(std::count(row.begin(), row.end(), -1), 0) << h;
    std::sort(row.begin(), row.end());
    EXPECT_TRUE(std::adjacent_find(row.begin(), row.end()) == row.end()) << h;
  }
}
