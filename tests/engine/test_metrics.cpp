// Backtest metrics on hand-computed cases (EVALUATION.md definitions).
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "engine/backtest_split.hpp"
#include "engine/metrics.hpp"
#include "engine/segments.hpp"
#include "tests/engine/history_builder.hpp"

using namespace basketgap::engine;

namespace {
using V = std::vector<std::int32_t>;
ListOutcome score(const V& list, const V& truth, const V& before = {}) {
  return score_list(list, truth, before);
}
}  // namespace

TEST(Metrics, HitsAtOneAndThreeWithTwoTruthProducts) {
  const ListOutcome o = score({5, 9, 7, 1}, {5, 7});
  EXPECT_EQ(o.hits, 2);
  EXPECT_NEAR(o.ndcg, (1.0 + 0.5) / (1.0 + 1.0 / std::log2(3.0)), 1e-12);
}

TEST(Metrics, IdealDcgUsesMinOfKAndTruth) {
  // K = 2, truth of 3: ideal over 2 positions; one hit at position 2.
  const ListOutcome o = score({9, 4}, {1, 2, 4});
  EXPECT_NEAR(o.ndcg, (1.0 / std::log2(3.0)) / (1.0 + 1.0 / std::log2(3.0)), 1e-12);
  EXPECT_DOUBLE_EQ(ideal_dcg(1), 1.0);
}

TEST(Metrics, FewerThanKRecommendations) {
  const ListOutcome o = score({3, -1, -1, -1}, {3, 8});
  EXPECT_EQ(o.hits, 1);
  EXPECT_EQ(o.listed, 1);
  EXPECT_FALSE(o.full(4));
  EXPECT_DOUBLE_EQ(o.ndcg, 1.0 / (1.0 + 1.0 / std::log2(3.0)));
  MetricsSum sum(4);
  sum.add(o, 2);
  const SystemMetrics m = sum.result();
  EXPECT_DOUBLE_EQ(m.precision, 0.25);  // hits / K, not hits / listed
  EXPECT_DOUBLE_EQ(m.recall, 0.5);
  EXPECT_DOUBLE_EQ(m.full_share, 0.0);
}

TEST(Metrics, RecallDividesByEveryProductBoughtNotByK) {
  // K = 2, five products bought: recall 2 / 5 (not 2 / min(5, K) = 1), precision 2 / 2.
  const ListOutcome o = score({1, 2}, {1, 2, 3, 4, 5});
  EXPECT_EQ(o.hits, 2);
  EXPECT_DOUBLE_EQ(o.ndcg, 1.0);  // the ideal is K long: both slots hit
  MetricsSum sum(2);
  sum.add(o, 5);
  const SystemMetrics m = sum.result();
  EXPECT_DOUBLE_EQ(m.recall, 0.4);
  EXPECT_DOUBLE_EQ(m.precision, 1.0);
}

TEST(Metrics, DuplicateCountsOnceAtItsFirstPosition) {
  const ListOutcome o = score({4, 4, 6}, {4, 6});
  EXPECT_EQ(o.hits, 2);
  EXPECT_EQ(o.listed, 2);
  // Hits at positions 1 and 3 (the duplicate at 2 is skipped, not moved up).
  EXPECT_NEAR(o.ndcg, (1.0 + 0.5) / (1.0 + 1.0 / std::log2(3.0)), 1e-12);
}

TEST(Metrics, RepeatAndExploreHits) {
  const ListOutcome o = score({1, 2, 3}, {1, 2, 3}, {2, 5});
  EXPECT_EQ(o.hits, 3);
  EXPECT_EQ(o.repeat_hits, 1);
  EXPECT_DOUBLE_EQ(o.ndcg, 1.0);
  MetricsSum sum(3);
  sum.add(o, 3);
  EXPECT_EQ(sum.result().explore_hits, 2);
}

TEST(Metrics, UnknownProductTakesASlotButNeverHits) {
  const ListOutcome o = score({-2, 7}, {7});
  EXPECT_EQ(o.listed, 2);
  EXPECT_EQ(o.hits, 1);
  EXPECT_TRUE(o.full(2));
}

TEST(Metrics, AveragesAndHouseholdWithoutListScoresZero) {
  MetricsSum sum(2);
  sum.add(score({1, 2}, {1, 9}), 2);  // recall 1/2, precision 1/2, hit, ndcg 1/(1+1/log2 3)
  sum.add(ListOutcome{}, 4);          // no list: zeros, still counted
  const SystemMetrics m = sum.result();
  EXPECT_EQ(m.households, 2);
  EXPECT_DOUBLE_EQ(m.recall, 0.25);
  EXPECT_DOUBLE_EQ(m.precision, 0.25);
  EXPECT_DOUBLE_EQ(m.hit_rate, 0.5);
  EXPECT_DOUBLE_EQ(m.ndcg, 0.5 / (1.0 + 1.0 / std::log2(3.0)));
  EXPECT_DOUBLE_EQ(m.full_share, 0.5);
}

TEST(Metrics, CoverageCountsDistinctListedProducts) {
  std::vector<std::uint8_t> seen(10, 0);
  mark_listed(V{1, 2, -1}, seen);
  mark_listed(V{2, 3, -2}, seen);
  EXPECT_EQ(count_marked(seen), 3);
}

TEST(Metrics, SplitEvaluatesOnlyHouseholdsWithHistoryAndTruth) {
  // Household 0: days 1, 5 (T = 5) and 7 in the window; household 1: only after T;
  // household 2: only before T (empty truth -> not evaluated).
  const HistoryBlock b = basketgap::testing::block(
      {{{1, 100, 10}, {5, 101, 11}, {7, 102, 10}, {7, 102, 12}}, {{6, 103, 10}}, {{2, 104, 13}}});
  const BacktestSplit s = split_at(b, 5, 3);
  EXPECT_TRUE(s.evaluated(0));
  EXPECT_FALSE(s.evaluated(1));
  EXPECT_FALSE(s.evaluated(2));
  EXPECT_EQ(s.truth.size_of(0), 2);
  EXPECT_EQ(s.before.size_of(0), 2);
  EXPECT_EQ(s.baskets[0], 2);
  EXPECT_EQ(s.truth.size_of(2), 0);
}

TEST(Metrics, TertilesNearestRank) {
  const std::vector<double> v{9, 1, 5, 3, 7, 2};  // sorted 1 2 3 5 7 9: ranks 2 and 4
  const Tertiles t = tertiles(v);
  EXPECT_DOUBLE_EQ(t.low_max, 2);
  EXPECT_DOUBLE_EQ(t.mid_max, 5);
  EXPECT_EQ(tertile_of(2, t), 0);
  EXPECT_EQ(tertile_of(3, t), 1);
  EXPECT_EQ(tertile_of(7, t), 2);
}
