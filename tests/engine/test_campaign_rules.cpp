// Campaign rules of the engine: eligibility, caps in selection, the event slot, the control
// hash, RFM quintiles and tiers (docs/CAMPAIGN.md).
#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "engine/campaign_rules.hpp"
#include "engine/rfm_segments.hpp"
#include "engine/select.hpp"
#include "tests/engine/history_builder.hpp"

namespace basketgap::engine {
namespace {

Candidate candidate(std::int32_t product, double score, bool bought = true) {
  Candidate c;
  c.product = product;
  c.score = score;
  c.bought = bought;
  c.baskets = 1;
  return c;
}

TEST(campaign_rules, OfferUsableOnTheMailingDay) {
  EXPECT_TRUE(offer_usable(101, 101, 100));   // valid exactly on as_of + 1
  EXPECT_FALSE(offer_usable(90, 100, 100));   // ended on the as-of day
  EXPECT_FALSE(offer_usable(102, 200, 100));  // starts after the mailing day
}

TEST(campaign_rules, EligibilityMaskCombinesOffersAndExclusions) {
  // 6 products; departments 0,0,1,1,2,-1; commodities 0,1,2,3,4,-1.
  const std::vector<std::int32_t> dept{0, 0, 1, 1, 2, -1}, comm{0, 1, 2, 3, 4, -1};
  const std::vector<std::uint8_t> offered{1, 1, 1, 0, 1, 1};
  const std::vector<std::uint8_t> no_dept{0, 1, 0};        // department 1 excluded
  const std::vector<std::uint8_t> no_comm{1, 0, 0, 0, 0};  // commodity 0 excluded
  const std::vector<std::uint8_t> no_product{0, 0, 0, 0, 1, 0};
  EXPECT_EQ(eligibility_mask(6, offered, dept, no_dept, comm, no_comm, no_product),
            (std::vector<std::uint8_t>{0, 1, 0, 0, 0, 1}));
  // No offers file and no exclusions: everything eligible.
  EXPECT_EQ(eligibility_mask(3, {}, {}, {}, {}, {}, {}), (std::vector<std::uint8_t>{1, 1, 1}));
}

TEST(campaign_rules, UnclassifiedProductsAreWithheldOnlyUnderTheirKindOfExclusion) {
  // Products 0..3: department 0, -1, 1, -1; commodity 0, 0, -1, -1; product 3 already ineligible.
  const std::vector<std::int32_t> dept{0, -1, 1, -1}, comm{0, 0, -1, -1};
  std::vector<std::uint8_t> eligible{1, 1, 1, 0};
  EXPECT_EQ(withhold_unclassified(eligible, dept, false, comm, false), 0);
  EXPECT_EQ(eligible, (std::vector<std::uint8_t>{1, 1, 1, 0}));
  EXPECT_EQ(withhold_unclassified(eligible, dept, true, comm, false), 1);  // product 1: no department
  EXPECT_EQ(eligible, (std::vector<std::uint8_t>{1, 0, 1, 0}));
  eligible = {1, 1, 1, 0};
  EXPECT_EQ(withhold_unclassified(eligible, dept, false, comm, true), 1);  // product 2: no commodity
  EXPECT_EQ(eligible, (std::vector<std::uint8_t>{1, 1, 0, 0}));
  // No products file at all (no codes): everything is unclassified.
  eligible = {1, 1, 1, 0};
  EXPECT_EQ(withhold_unclassified(eligible, {}, true, {}, false), 3);
  EXPECT_EQ(eligible, (std::vector<std::uint8_t>{0, 0, 0, 0}));
}

TEST(campaign_rules, SelectionHonoursEligibilityAndDepartmentCap) {
  CampaignRules rules;
  rules.eligible = {1, 1, 1, 1, 1, 0, 1, 1, 1, 1};
  rules.department = {0, 0, 0, 0, 1, 1, 1, 2, 2, 2};
  rules.commodity.assign(10, -1);
  rules.max_per_department = 2;
  rules.fallback = {9, 8, 7, 6, 4, 3, 2, 1, 0};  // eligible only, by popularity
  ScoringContext context;
  context.popular = {5, 9};
  ScoreConfig config;
  CouponTable table(6, 1);
  std::vector<Candidate> cands{candidate(0, 0.9), candidate(1, 0.8), candidate(2, 0.7), candidate(5, 0.95),
                               candidate(4, 0.1)};
  select_coupons(cands, context, config, table, 0, &rules, false);
  // Product 5 is not eligible; department 0 keeps its two best (0, 1); 4 next; the fallback
  // fills the rest within the caps (9, 8 from department 2, then 6 from department 1).
  EXPECT_EQ(std::vector<std::int32_t>(table.product.begin(), table.product.end()),
            (std::vector<std::int32_t>{0, 1, 4, 9, 8, 6}));
  EXPECT_EQ(table.reason[3], static_cast<std::uint8_t>(Reason::popular));
}

TEST(campaign_rules, EligibleProductsFarDownTheRankingAreFoundInOrder) {
  // 30 candidates, scores falling with the product index except two ties; only products 20..29
  // are eligible: selection must go past the first K + 4 ranks it orders up front and still
  // take the best eligible ones in (score, lower product) order.
  CampaignRules rules;
  rules.eligible.assign(30, 0);
  for (int p = 20; p < 30; ++p) rules.eligible[p] = 1;
  rules.department.assign(30, -1);
  rules.commodity.assign(30, -1);
  ScoringContext context;
  ScoreConfig config;
  CouponTable table(3, 1);
  std::vector<Candidate> cands;
  for (int p = 29; p >= 0; --p) cands.push_back(candidate(p, 1.0 - 0.01 * p));
  cands[0].score = cands[5].score;  // product 29 ties product 24
  select_coupons(cands, context, config, table, 0, &rules, false);
  EXPECT_EQ(std::vector<std::int32_t>(table.product.begin(), table.product.end()),
            (std::vector<std::int32_t>{20, 21, 22}));
  config.k = 3;
  rules.eligible.assign(30, 0);
  rules.eligible[29] = rules.eligible[24] = rules.eligible[28] = 1;
  select_coupons(cands, context, config, table, 0, &rules, false);
  EXPECT_EQ(std::vector<std::int32_t>(table.product.begin(), table.product.end()),
            (std::vector<std::int32_t>{24, 29, 28}));
}

TEST(campaign_rules, CommodityCapAndEmptySlotsWhenNothingIsLeft) {
  CampaignRules rules;
  rules.eligible = {1, 1, 1};
  rules.department = {0, 0, 0};
  rules.commodity = {7, 7, 8};
  rules.max_per_commodity = 1;
  rules.fallback = {0, 1, 2};
  ScoringContext context;
  CouponTable table(4, 1);
  std::vector<Candidate> cands{candidate(1, 0.5), candidate(0, 0.4)};
  select_coupons(cands, context, ScoreConfig{}, table, 0, &rules, false);
  EXPECT_EQ(std::vector<std::int32_t>(table.product.begin(), table.product.end()),
            (std::vector<std::int32_t>{1, 2, -1, -1}));
}

TEST(campaign_rules, NoRulesIsTheBacktestSelection) {
  ScoringContext context;
  context.popular = {3, 4, 5};
  ScoreConfig config;
  std::vector<Candidate> a{candidate(1, 0.3), candidate(2, 0.6, false)}, b = a;
  CouponTable with(4, 1), without(4, 1);
  select_coupons(a, context, config, without, 0);
  select_coupons(b, context, config, with, 0, nullptr, true);
  EXPECT_EQ(with.product, without.product);
  EXPECT_EQ(with.reason, without.reason);
  EXPECT_EQ(without.product, (std::vector<std::int32_t>{2, 1, 3, 4}));
}

TEST(campaign_rules, EventSlotTakesTheBestEventProduct) {
  CampaignRules rules;
  rules.eligible = {1, 1, 1, 1};
  rules.department = {0, 1, 1, 2};
  rules.commodity.assign(4, -1);
  rules.event_product = {0, 0, 0, 1};  // department 2 is the event department
  rules.fallback = {3, 2, 1, 0};
  ScoringContext context;
  CouponTable table(2, 1);
  std::vector<Candidate> cands{candidate(0, 0.9), candidate(1, 0.8), candidate(3, 0.1)};
  select_coupons(cands, context, ScoreConfig{}, table, 0, &rules, true);
  EXPECT_EQ(table.product[0], 0);
  EXPECT_EQ(table.product[1], 3);
  EXPECT_EQ(table.reason[1], static_cast<std::uint8_t>(Reason::event));
  // No candidate in the event department: the most popular eligible event product.
  CouponTable second(2, 1);
  std::vector<Candidate> others{candidate(0, 0.9), candidate(1, 0.8)};
  select_coupons(others, context, ScoreConfig{}, second, 0, &rules, true);
  EXPECT_EQ(std::vector<std::int32_t>(second.product.begin(), second.product.end()),
            (std::vector<std::int32_t>{0, 3}));
  EXPECT_EQ(second.reason[1], static_cast<std::uint8_t>(Reason::event));
}

TEST(campaign_rules, SlotMinimumsUnderCapsAndTheEventSlot) {
  // Departments: 0 = {0, 1, 4, 5}, 1 = {2, 3, 6}, 2 (the event department) = {7, 8}; one coupon
  // per department at most. New products (not bought): 4, 5, 6, 8.
  CampaignRules rules;
  rules.eligible.assign(9, 1);
  rules.eligible[5] = 0;
  rules.department = {0, 0, 1, 1, 0, 0, 1, 2, 2};
  rules.commodity.assign(9, -1);
  rules.event_product = {0, 0, 0, 0, 0, 0, 0, 1, 1};
  rules.max_per_department = 1;
  rules.fallback = {7, 3};
  ScoringContext context;
  const auto candidates = [] {
    return std::vector<Candidate>{
        candidate(0, 0.9),        candidate(2, 0.8),        candidate(1, 0.7),
        candidate(3, 0.6),        candidate(8, 0.5, false), candidate(5, 0.45, false),
        candidate(4, 0.4, false), candidate(6, 0.3, false), candidate(7, 0.2)};
  };
  ScoreConfig config;
  config.reward_slots = 1;
  config.discovery_slots = 2;
  // The event slot takes new product 8 (department 2). Reward: 0 (department 0). Discovery: 5 is
  // not eligible, 4 is capped (department 0 is full), so 6 (department 1); a second new product
  // is left to find: none. The rest: 2 and 3 are capped (department 1 has 6), 1 is capped, 7 is
  // capped by the event slot's department — the fallback has nothing left either.
  CouponTable table(4, 1);
  auto c = candidates();
  select_coupons(c, context, config, table, 0, &rules, true);
  EXPECT_EQ(std::vector<std::int32_t>(table.product.begin(), table.product.end()),
            (std::vector<std::int32_t>{0, 8, 6, -1}));
  EXPECT_EQ(table.reason[1], static_cast<std::uint8_t>(Reason::event));
  // Without the event slot: reward 0, discovery 8 (department 2) then 6 (department 1, 4 capped).
  CouponTable plain(4, 1);
  c = candidates();
  select_coupons(c, context, config, plain, 0, &rules, false);
  EXPECT_EQ(std::vector<std::int32_t>(plain.product.begin(), plain.product.end()),
            (std::vector<std::int32_t>{0, 8, 6, -1}));
  // Without rules: reward 0, discovery 8 and 5, then the best of the rest: 2.
  CouponTable free(4, 1);
  c = candidates();
  select_coupons(c, context, config, free, 0);
  EXPECT_EQ(std::vector<std::int32_t>(free.product.begin(), free.product.end()),
            (std::vector<std::int32_t>{0, 2, 8, 5}));
}

TEST(campaign_rules, ControlHashIsStableKeyedAndNearItsShare) {
  // Fixed value: the hash is part of the public contract (docs/CAMPAIGN.md).
  const double d = control_draw("spring-2026", 1234567);
  EXPECT_EQ(d, control_draw("spring-2026", 1234567));
  EXPECT_NE(d, control_draw("summer-2026", 1234567));
  EXPECT_GE(d, 0.0);
  EXPECT_LT(d, 1.0);
  int in = 0;
  const int n = 100000;
  for (int id = 1; id <= n; ++id) in += in_control_group("spring-2026", id, 0.1);
  EXPECT_NEAR(in / static_cast<double>(n), 0.1, 4 * std::sqrt(0.1 * 0.9 / n));
  EXPECT_FALSE(in_control_group("spring-2026", 42, 0.0));
}

TEST(campaign_rules, QuintilesOnAHandMadeExample) {
  // Ten households: frequencies 1..10. Cuts at nearest ranks 2, 4, 6, 8.
  const std::vector<std::int64_t> f{5, 1, 9, 2, 10, 3, 8, 4, 7, 6};
  const Quintiles q = quintiles(histogram_of(f));
  EXPECT_EQ(q.cut, (std::array<std::int64_t, 4>{2, 4, 6, 8}));
  EXPECT_EQ(quintile_score(1, q, false), 1);
  EXPECT_EQ(quintile_score(2, q, false), 1);
  EXPECT_EQ(quintile_score(3, q, false), 2);
  EXPECT_EQ(quintile_score(10, q, false), 5);
  // Recency: fewer days since the last purchase scores higher.
  EXPECT_EQ(quintile_score(1, q, true), 5);
  EXPECT_EQ(quintile_score(10, q, true), 1);
  // Split histograms merge to the same thresholds (what the ranks do).
  Histogram parts = histogram_of(std::vector<std::int64_t>{5, 1, 9, 2, 10});
  const Histogram rest = histogram_of(std::vector<std::int64_t>{3, 8, 4, 7, 6});
  parts.insert(parts.end(), rest.begin(), rest.end());
  EXPECT_EQ(quintiles(merge_histograms(parts)).cut, q.cut);
  // Ties stay together: all equal values give one quintile.
  const Quintiles same = quintiles(histogram_of(std::vector<std::int64_t>{3, 3, 3, 3}));
  EXPECT_EQ(quintile_score(3, same, false), 1);
  // Seven households (1..7): the nearest ranks are ceil(7 i / 5) = 2, 3, 5, 6 (a floor, 1, 2,
  // 4, 5, would put the cuts a household lower).
  const Quintiles seven = quintiles(histogram_of(std::vector<std::int64_t>{4, 7, 1, 6, 2, 5, 3}));
  EXPECT_EQ(seven.cut, (std::array<std::int64_t, 4>{2, 3, 5, 6}));
}

TEST(campaign_rules, TiersAndCohorts) {
  EXPECT_EQ(value_tier(5, 5, 5), 3);
  EXPECT_EQ(value_tier(5, 4, 4), 3);
  EXPECT_EQ(value_tier(4, 3, 3), 2);
  EXPECT_EQ(value_tier(3, 2, 2), 1);
  EXPECT_EQ(value_tier(1, 2, 3), 0);
  HouseholdActivity a;
  a.first_day = 50;
  a.last_day = 95;
  EXPECT_EQ(activity_cohort(a, 100, 90, 60), 0);  // first purchase 50 days ago: new
  a.first_day = 1;
  EXPECT_EQ(activity_cohort(a, 100, 90, 60), 1);
  a.last_day = 40;
  EXPECT_EQ(activity_cohort(a, 100, 90, 60), 2);  // 60 days without a purchase: lapsing
}

TEST(campaign_rules, RfmValuesFallBackToLinesWithoutSpend) {
  // Baskets 7 (day 10, two lines), 8 (day 20), 9 (day 30, after as-of 25); the loader sums
  // the spend of the first three lines: 1.5 + 2.0 + 3.25.
  const HistoryBlock block = basketgap::testing::block({{{10, 7, 1}, {10, 7, 2}, {20, 8, 1}, {30, 9, 3}}});
  const HouseholdActivity a = household_activity(block, 0, 25, 6.75);
  EXPECT_EQ(a.baskets, 2);
  EXPECT_EQ(a.rows, 3);
  const RfmValues with = rfm_values(a, 25, true);
  EXPECT_EQ(with.recency, 5);
  EXPECT_EQ(with.frequency, 2);
  EXPECT_EQ(with.monetary, 6);  // 6.75 rounded down
  EXPECT_EQ(rfm_values(a, 25, false).monetary, 3);
}

TEST(campaign_rules, MonthOfDay) {
  EXPECT_EQ(month_of_day(2024, 1, 1, 1), 1);
  EXPECT_EQ(month_of_day(2024, 1, 1, 32), 2);
  EXPECT_EQ(month_of_day(2024, 1, 1, 60), 2);  // 2024-02-29
  EXPECT_EQ(month_of_day(2024, 1, 1, 61), 3);
}

}  // namespace
}  // namespace basketgap::engine
