// Purchase-gap kernel on hand-built histories: decayed frequency, personal cycle with the
// population fallback, due-ness and the win-back / replenish / repeat reasons.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "engine/candidates.hpp"
#include "engine/purchase_gap.hpp"
#include "engine/select.hpp"
#include "tests/engine/history_builder.hpp"

using namespace basketgap::engine;

namespace {
using basketgap::testing::block;
using basketgap::testing::Row;

std::vector<ProductHistory> summarize(const HistoryBlock& b, std::int64_t h, std::int32_t as_of,
                                      const ScoreConfig& config = {}) {
  std::vector<ProductHistory> out;
  PurchaseGapScratch scratch;
  summarize_household(b, h, as_of, config, out, scratch);
  std::sort(out.begin(), out.end(), [](const auto& x, const auto& y) { return x.product < y.product; });
  return out;
}

// A context with no neighbours and no popular products: only the purchase gap matters.
ScoringContext gap_context(std::int32_t as_of, std::size_t products) {
  ScoringContext c;
  c.as_of = as_of;
  c.households = 1;
  c.population_cycle.assign(products, -1.0);
  c.recent_households.assign(products, 0);
  return c;
}

const Candidate& candidate(const std::vector<Candidate>& all, std::int32_t product) {
  for (const Candidate& c : all)
    if (c.product == product) return c;
  ADD_FAILURE() << "no candidate for product " << product;
  return all.front();
}
}  // namespace

TEST(PurchaseGap, DecayedFrequencyAndPersonalCycle) {
  // Product 5 on days 10, 17, 24 (a 7-day cycle), product 2 once on day 20; as of day 33.
  const HistoryBlock b = block({{{10, 1, 5}, {17, 2, 5}, {20, 3, 2}, {24, 4, 5}}});
  ScoreConfig config;
  config.half_life_days = 10;
  config.short_half_life_days = 5;
  const auto s = summarize(b, 0, 33, config);
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].product, 2);  // ascending product
  EXPECT_EQ(s[1].product, 5);
  const ProductHistory& p = s[1];
  EXPECT_EQ(p.baskets, 3);
  EXPECT_EQ(p.first_day, 10);
  EXPECT_EQ(p.last_day, 24);
  // 0.5^(age / half-life) per basket, ages 23, 16 and 9.
  EXPECT_NEAR(p.decayed_long, std::pow(0.5, 2.3) + std::pow(0.5, 1.6) + std::pow(0.5, 0.9), 1e-12);
  EXPECT_NEAR(p.decayed_long, 1.068826808050429, 1e-12);
  EXPECT_NEAR(p.decayed_short, std::pow(0.5, 23 / 5.0) + std::pow(0.5, 16 / 5.0) + std::pow(0.5, 9 / 5.0),
              1e-12);
  // (last - first) / (purchase days - 1) = (24 - 10) / 2.
  EXPECT_DOUBLE_EQ(p.personal_cycle, 7.0);
  // One purchase: no personal cycle.
  EXPECT_EQ(s[0].baskets, 1);
  EXPECT_DOUBLE_EQ(s[0].personal_cycle, -1.0);
  EXPECT_NEAR(s[0].decayed_long, std::pow(0.5, 1.3), 1e-12);
}

TEST(PurchaseGap, SevenDayCycleNineDaysLaterIsDue) {
  const HistoryBlock b = block({{{10, 1, 5}, {17, 2, 5}, {24, 3, 5}}});
  const ScoreConfig config;
  const auto s = summarize(b, 0, 33, config);
  ASSERT_EQ(s.size(), 1u);
  const double cycle = effective_cycle(s[0], 30.0, config);  // personal beats population
  EXPECT_DOUBLE_EQ(cycle, 7.0);
  EXPECT_DOUBLE_EQ(due_ratio(s[0], 33, cycle), 9.0 / 7.0);

  // The same through the candidate builder and the reason.
  ScoringContext context = gap_context(33, 6);
  context.population_cycle[5] = 30.0;
  std::vector<Candidate> out;
  CandidateScratch scratch;
  build_candidates(b, 0, context, config, out, scratch);
  const Candidate& c = candidate(out, 5);
  EXPECT_TRUE(c.bought);
  EXPECT_EQ(c.baskets, 3);
  EXPECT_DOUBLE_EQ(c.ratio, 9.0 / 7.0);
  EXPECT_EQ(reason_of(c, config), Reason::replenish);
  EXPECT_EQ(c.features[Feature::bought], 1.0);
  EXPECT_DOUBLE_EQ(c.features[Feature::log_elapsed], std::log1p(9.0));
  EXPECT_EQ(c.features[Feature::ratio_1_1_5], 1.0);  // ratio bin [1, 1.5)
  EXPECT_EQ(c.features[Feature::no_cycle], 0.0);     // has a cycle
}

TEST(PurchaseGap, DueRatioBinsIncludeTheirLowerBound) {
  // A 10-day personal cycle (days 10, 20, 30): elapsed days / 10 at and around each bin edge.
  const HistoryBlock b = block({{{10, 1, 5}, {20, 2, 5}, {30, 3, 5}}});
  const ScoreConfig config;
  const struct {
    std::int32_t elapsed;
    Feature bin;
  } cases[] = {{0, Feature::ratio_lt_0_5},   {4, Feature::ratio_lt_0_5},   {5, Feature::ratio_0_5_1},
               {9, Feature::ratio_0_5_1},    {10, Feature::ratio_1_1_5},   {14, Feature::ratio_1_1_5},
               {15, Feature::ratio_1_5_2_5}, {24, Feature::ratio_1_5_2_5}, {25, Feature::ratio_2_5_4},
               {39, Feature::ratio_2_5_4},   {40, Feature::ratio_ge_4},    {400, Feature::ratio_ge_4}};
  std::vector<Candidate> out;
  CandidateScratch scratch;
  for (const auto& [elapsed, bin] : cases) {
    SCOPED_TRACE(::testing::Message() << "elapsed " << elapsed);
    const ScoringContext context = gap_context(30 + elapsed, 6);
    build_candidates(b, 0, context, config, out, scratch);
    const Candidate& c = candidate(out, 5);
    EXPECT_DOUBLE_EQ(c.ratio, elapsed / 10.0);
    for (Feature f : {Feature::ratio_lt_0_5, Feature::ratio_0_5_1, Feature::ratio_1_1_5,
                      Feature::ratio_1_5_2_5, Feature::ratio_2_5_4, Feature::ratio_ge_4})
      EXPECT_EQ(c.features[f], f == bin ? 1.0 : 0.0) << feature_name(f);
  }
}

TEST(PurchaseGap, NotYetDueIsRepeat) {
  // 7-day cycle, 2 days after the last purchase: ratio 2/7 < 0.8.
  const HistoryBlock b = block({{{10, 1, 5}, {17, 2, 5}, {24, 3, 5}}});
  const ScoreConfig config;
  ScoringContext context = gap_context(26, 6);
  std::vector<Candidate> out;
  CandidateScratch scratch;
  build_candidates(b, 0, context, config, out, scratch);
  const Candidate& c = candidate(out, 5);
  EXPECT_DOUBLE_EQ(c.ratio, 2.0 / 7.0);
  EXPECT_EQ(reason_of(c, config), Reason::repeat);
}

TEST(PurchaseGap, LongLapsedFavouriteIsWinBack) {
  // 7-day cycle, 3 purchases, 40 days since the last: ratio 40/7 > 3.
  const HistoryBlock b = block({{{10, 1, 5}, {17, 2, 5}, {24, 3, 5}}});
  const ScoreConfig config;
  std::vector<Candidate> out;
  CandidateScratch scratch;
  build_candidates(b, 0, gap_context(64, 6), config, out, scratch);
  const Candidate& c = candidate(out, 5);
  EXPECT_DOUBLE_EQ(c.ratio, 40.0 / 7.0);
  EXPECT_EQ(reason_of(c, config), Reason::win_back);
  EXPECT_EQ(c.features[Feature::ratio_ge_4], 1.0);  // ratio bin >= 4

  // Two purchases on a (population) cycle are not a favourite: long overdue is only replenish.
  const HistoryBlock two = block({{{10, 1, 5}, {17, 2, 5}}});
  ScoringContext context = gap_context(64, 6);
  context.population_cycle[5] = 7.0;
  build_candidates(two, 0, context, config, out, scratch);
  const Candidate& d = candidate(out, 5);
  EXPECT_EQ(d.baskets, 2);
  EXPECT_DOUBLE_EQ(d.ratio, 47.0 / 7.0);
  EXPECT_EQ(reason_of(d, config), Reason::replenish);
}

TEST(PurchaseGap, FallsBackToPopulationCycleBelowMinPurchases) {
  // Two purchases (< min_purchases_for_cycle = 3): the personal cycle is not used.
  const HistoryBlock b = block({{{10, 1, 5}, {12, 2, 5}}});
  const ScoreConfig config;
  const auto s = summarize(b, 0, 20, config);
  ASSERT_EQ(s.size(), 1u);
  EXPECT_DOUBLE_EQ(s[0].personal_cycle, -1.0);
  EXPECT_DOUBLE_EQ(effective_cycle(s[0], 4.0, config), 4.0);
  EXPECT_DOUBLE_EQ(due_ratio(s[0], 20, 4.0), 8.0 / 4.0);
  // Unknown everywhere: no cycle, ratio 0.
  EXPECT_DOUBLE_EQ(effective_cycle(s[0], -1.0, config), -1.0);
  EXPECT_DOUBLE_EQ(due_ratio(s[0], 20, -1.0), 0.0);

  // With min_purchases_for_cycle = 2 the personal cycle (2 days) is used.
  ScoreConfig two = config;
  two.min_purchases_for_cycle = 2;
  const auto t = summarize(b, 0, 20, two);
  EXPECT_DOUBLE_EQ(t[0].personal_cycle, 2.0);
  EXPECT_DOUBLE_EQ(effective_cycle(t[0], 4.0, two), 2.0);

  // Without any cycle the candidate gets the no_cycle feature and no ratio bin.
  std::vector<Candidate> out;
  CandidateScratch scratch;
  build_candidates(b, 0, gap_context(20, 6), config, out, scratch);
  const Candidate& c = candidate(out, 5);
  EXPECT_EQ(c.features[Feature::no_cycle], 1.0);
  for (Feature bin : {Feature::ratio_lt_0_5, Feature::ratio_0_5_1, Feature::ratio_1_1_5,
                      Feature::ratio_1_5_2_5, Feature::ratio_2_5_4, Feature::ratio_ge_4})
    EXPECT_EQ(c.features[bin], 0.0) << feature_name(bin);
}

TEST(PurchaseGap, BasketsCountOnceAndSameDayBasketsShareAPurchaseDay) {
  // Product 5: basket 1 twice (duplicate row), baskets 2 and 3 on day 10 too, then days 20, 30.
  const HistoryBlock b = block({{{10, 1, 5}, {10, 1, 5}, {10, 2, 5}, {10, 3, 5}, {20, 4, 5}, {30, 5, 5}}});
  const auto s = summarize(b, 0, 30);
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].baskets, 5);  // baskets 1..5
  EXPECT_EQ(s[0].purchase_days, 3);
  EXPECT_DOUBLE_EQ(s[0].personal_cycle, 10.0);  // purchase days 10, 20, 30
  EXPECT_DOUBLE_EQ(s[0].decayed_long, 3 * std::pow(0.5, 20 / 120.0) + std::pow(0.5, 10 / 120.0) + 1.0);
}

TEST(PurchaseGap, IgnoresRowsAfterAsOf) {
  const HistoryBlock b = block({{{10, 1, 5}, {17, 2, 5}, {24, 3, 5}}});
  const HistoryBlock later = block({{{10, 1, 5}, {17, 2, 5}, {24, 3, 5}, {34, 4, 5}, {35, 5, 7}}});
  const auto s = summarize(b, 0, 33);
  const auto t = summarize(later, 0, 33);
  ASSERT_EQ(s.size(), t.size());
  EXPECT_EQ(t[0].baskets, s[0].baskets);
  EXPECT_EQ(t[0].last_day, s[0].last_day);
  EXPECT_EQ(t[0].decayed_long, s[0].decayed_long);
  EXPECT_EQ(t[0].personal_cycle, s[0].personal_cycle);
  // A household whose rows all come later has no history as of the day.
  EXPECT_TRUE(summarize(block({{{40, 9, 1}}}), 0, 33).empty());
  std::vector<Candidate> out;
  CandidateScratch scratch;
  build_candidates(block({{{40, 9, 1}}}), 0, gap_context(33, 6), ScoreConfig{}, out, scratch);
  EXPECT_TRUE(out.empty());
}

TEST(PurchaseGap, PopulationCycleIsMeanIntervalBetweenPurchaseDays) {
  // Household A: days 10, 17, 24 (two 7-day gaps); household B: days 5, 15 (one 10-day gap);
  // household C: once (no gap); household D: two baskets on one day, then 12 days later
  // (one 12-day interval between purchase days).
  const HistoryBlock b = block({{{10, 1, 3}, {17, 2, 3}, {24, 3, 3}},
                                {{5, 4, 3}, {15, 5, 3}},
                                {{8, 6, 3}},
                                {{1, 7, 3}, {1, 8, 3}, {13, 9, 3}}});
  CycleSums sums(4);
  for (std::int64_t h = 0; h < b.households(); ++h)
    for (const ProductHistory& p : summarize(b, h, 30)) sums.add(p);
  EXPECT_EQ(sums.gap_days[3], 14 + 10 + 12);
  EXPECT_EQ(sums.gap_count[3], 2 + 1 + 1);
  EXPECT_DOUBLE_EQ(sums.cycle(3), 36.0 / 4.0);
  EXPECT_DOUBLE_EQ(sums.cycle(0), -1.0);
}

TEST(PurchaseGap, DaysBeyondSixteenBits) {
  // ingest accepts days up to 100000: a 7-day cycle around day 70000, and a product with a
  // high index, must summarise like one around day 10.
  const HistoryBlock b = block({{{70000, 1, 5}, {70007, 2, 5}, {70007, 2, 40000}, {70014, 3, 5}}});
  const auto s = summarize(b, 0, 70023);
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].product, 5);
  EXPECT_EQ(s[0].baskets, 3);
  EXPECT_EQ(s[0].first_day, 70000);
  EXPECT_EQ(s[0].last_day, 70014);
  EXPECT_DOUBLE_EQ(s[0].personal_cycle, 7.0);
  EXPECT_DOUBLE_EQ(due_ratio(s[0], 70023, 7.0), 9.0 / 7.0);
  EXPECT_EQ(s[1].product, 40000);
  EXPECT_EQ(s[1].last_day, 70007);
}

TEST(PurchaseGap, PurchaseSpansAgreeWithTheFullSummary) {
  // Product 5: days 10, 17 (two baskets that day), 24; product 2 once on day 20; day 30 is
  // after as-of.
  const HistoryBlock b = block({{{10, 1, 5}, {17, 2, 5}, {17, 3, 5}, {20, 4, 2}, {24, 5, 5}, {30, 6, 2}}});
  std::vector<PurchaseSpan> spans;
  std::vector<std::int32_t> slot;
  purchase_spans(b, 0, 25, spans, slot);
  ASSERT_EQ(spans.size(), 2u);  // first-purchase order
  EXPECT_EQ(spans[0].product, 5);
  EXPECT_EQ(spans[0].first_day, 10);
  EXPECT_EQ(spans[0].last_day, 24);
  EXPECT_EQ(spans[0].purchase_days, 3);  // day 17 counts once
  EXPECT_EQ(spans[1].product, 2);
  EXPECT_EQ(spans[1].purchase_days, 1);
  for (std::int32_t s : slot) EXPECT_EQ(s, -1);  // scratch left clean
  CycleSums from_spans(6), from_summary(6);
  for (const auto& s : spans) from_spans.add(s);
  for (const auto& p : summarize(b, 0, 25)) from_summary.add(p);
  EXPECT_EQ(from_spans.gap_days, from_summary.gap_days);
  EXPECT_EQ(from_spans.gap_count, from_summary.gap_count);
  EXPECT_DOUBLE_EQ(from_spans.cycle(5), 7.0);  // (24 - 10) / 2 intervals
}

TEST(PurchaseGap, PurchaseSpansOfSeveralDaysInOnePassAreTheSingleDayOnes) {
  // Two households; days before the first row, between rows, on a row's day and after the last.
  const HistoryBlock b = block({{{10, 1, 5}, {17, 2, 5}, {17, 3, 5}, {20, 4, 2}, {24, 5, 5}, {30, 6, 2}},
                                {{12, 7, 1}, {12, 7, 3}, {25, 8, 1}}});
  const auto same = [](const std::vector<PurchaseSpan>& x, const std::vector<PurchaseSpan>& y) {
    return std::equal(x.begin(), x.end(), y.begin(), y.end(),
                      [](const PurchaseSpan& a, const PurchaseSpan& c) {
                        return a.product == c.product && a.first_day == c.first_day &&
                               a.last_day == c.last_day && a.purchase_days == c.purchase_days;
                      });
  };
  std::vector<std::int32_t> slot;
  for (const std::vector<std::int32_t>& days :
       {std::vector<std::int32_t>{5, 17, 20, 40}, {12, 12}, {24, 25}, {9}, {30, 31}}) {
    for (std::int64_t h = 0; h < 2; ++h) {
      std::vector<std::vector<PurchaseSpan>> many(days.size());
      purchase_spans(b, h, days, many, slot);
      for (std::size_t d = 0; d < days.size(); ++d) {
        std::vector<PurchaseSpan> one;
        purchase_spans(b, h, days[d], one, slot);
        EXPECT_TRUE(same(many[d], one)) << "household " << h << " day " << days[d];
      }
      for (std::int32_t s : slot) EXPECT_EQ(s, -1);
    }
  }
  // As of day 17: product 5 on days 10 and 17 (two baskets, one purchase day more).
  std::vector<std::vector<PurchaseSpan>> two(2);
  const std::vector<std::int32_t> days{17, 30};
  purchase_spans(b, 0, days, two, slot);
  ASSERT_EQ(two[0].size(), 1u);
  EXPECT_EQ(two[0][0].purchase_days, 2);
  EXPECT_EQ(two[0][0].last_day, 17);
  ASSERT_EQ(two[1].size(), 2u);
  EXPECT_EQ(two[1][1].last_day, 30);
}

TEST(PurchaseGap, IntervalSpreadAndBasketsSinceTheLastPurchase) {
  // Product 5 on days 10, 14, 24 (intervals 4 and 10), product 2 in baskets 4 and 5.
  const HistoryBlock b = block({{{10, 1, 5}, {14, 2, 5}, {20, 3, 2}, {24, 4, 5}, {24, 4, 2}, {26, 5, 2}}});
  const auto s = summarize(b, 0, 30);
  ASSERT_EQ(s.size(), 2u);
  EXPECT_DOUBLE_EQ(s[1].gap_square_sum, 4.0 * 4.0 + 10.0 * 10.0);
  EXPECT_EQ(s[1].baskets_since, 1);  // basket 5 came after basket 4
  EXPECT_EQ(s[0].baskets_since, 0);  // in the last basket
}

TEST(PurchaseGap, DueProbabilityIsTheNormalMassOfTheNextIntervalInTheHorizon) {
  // Product 5 every 7 days exactly (days 10, 17, 24, 31): observed spread 0, shrunk towards
  // (7 / 2)^2 with the weight of two intervals against three: sd = sqrt(2 * 12.25 / 5).
  const HistoryBlock b = block({{{10, 1, 5}, {17, 2, 5}, {24, 3, 5}, {31, 4, 5}}});
  const auto s = summarize(b, 0, 33);
  ASSERT_EQ(s.size(), 1u);
  const double sd = std::sqrt(2 * 12.25 / 5);
  const auto phi = [](double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); };
  // As of day 33, 2 days elapsed; the next 7 days cover days 3..9 after the last purchase.
  EXPECT_NEAR(due_probability(s[0], 33, -1, 7), phi((9 - 7) / sd) - phi((2 - 7) / sd), 1e-12);
  EXPECT_GT(due_probability(s[0], 33, -1, 7), 0.8);   // the 7th day is inside: nearly certain
  EXPECT_LT(due_probability(s[0], 60, -1, 7), 1e-6);  // 29 days late: the pattern broke
  // One purchase: the population cycle with a spread of one cycle; no cycle at all: 0.
  const auto once = summarize(block({{{30, 1, 2}}}), 0, 33);
  EXPECT_NEAR(due_probability(once[0], 33, 10.0, 7), phi((10 - 10) / 10.0) - phi((3 - 10) / 10.0), 1e-12);
  EXPECT_EQ(due_probability(once[0], 33, -1, 7), 0.0);
}

TEST(PurchaseGap, RecentBasketsAreThoseAfterThePopularityWindowsFirstDay) {
  // As of 100 with the 90-day window: baskets after day 10 are recent; day 10's is not.
  const HistoryBlock b = block({{{10, 1, 5}, {11, 2, 5}, {100, 3, 7}}});
  std::vector<ProductHistory> out;
  PurchaseGapScratch scratch;
  const HouseholdBaskets baskets = summarize_household(b, 0, 100, ScoreConfig{}, out, scratch);
  EXPECT_EQ(baskets.total, 3);
  EXPECT_EQ(baskets.recent, 2);
}

TEST(PurchaseGap, DueProbabilitySpreadIsAtLeastOneDay) {
  // Bought every day (days 10..13, cycle 1): the shrunk spread sqrt(2 x 0.25 / 5) is below a
  // day, where the next purchase day cannot be told finer: the normal's sd is 1.
  const auto daily = summarize(block({{{10, 1, 5}, {11, 2, 5}, {12, 3, 5}, {13, 4, 5}}}), 0, 13);
  ASSERT_EQ(daily.size(), 1u);
  const auto phi = [](double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); };
  EXPECT_NEAR(due_probability(daily[0], 13, -1, 1), phi(0.0) - phi(-1.0), 1e-12);
  // One purchase and a population cycle of half a day: its spread too.
  const auto once = summarize(block({{{13, 1, 2}}}), 0, 13);
  EXPECT_NEAR(due_probability(once[0], 13, 0.5, 1), phi(0.5) - phi(-0.5), 1e-12);
}

TEST(PurchaseGap, RepeatRateIsTheShareOfRepeatPurchaseDaysShrunkTowardsTheOverallShare) {
  // Product 3: household A on 3 days, B on 2, C once -> 3 repeats of 6 purchase days.
  // Product 1: household C once -> 0 of 1.  Overall 3 of 7.
  const HistoryBlock b =
      block({{{10, 1, 3}, {17, 2, 3}, {24, 3, 3}}, {{5, 4, 3}, {15, 5, 3}}, {{8, 6, 3}, {8, 6, 1}}});
  CycleSums sums(4);
  for (std::int64_t h = 0; h < b.households(); ++h)
    for (const ProductHistory& p : summarize(b, h, 30)) sums.add(p);
  EXPECT_EQ(sums.buyers[3], 3);
  EXPECT_EQ(sums.buyers[1], 1);
  const std::vector<double> rates = sums.repeat_rates();
  const double overall = 3.0 / 7.0;
  EXPECT_DOUBLE_EQ(rates[3], (3 + 5 * overall) / (6 + 5));
  EXPECT_DOUBLE_EQ(rates[1], (0 + 5 * overall) / (1 + 5));
  EXPECT_DOUBLE_EQ(rates[0], overall);  // never bought: the overall share
}
