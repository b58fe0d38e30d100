// engine/successors: a product relaunched under a new id, learnt from its regular buyers taking up
// the new one as it stopped selling; and its rows counted as the successor's in a summary.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "engine/candidates.hpp"
#include "engine/purchase_gap.hpp"
#include "engine/successors.hpp"
#include "tests/engine/history_builder.hpp"

using namespace basketgap::engine;

namespace {
constexpr std::int32_t kAsOf = 50;
constexpr std::size_t kProducts = 8;

// A shop selling every day 1..50. Product 0 is sold until day 30 (its last sale), bought by 10
// regulars on days 10, 20, 30. Product 5 is launched on day 31: 8 of the regulars buy it on day
// 35 and 45. Product 2, launched on day 32, is bought by every household on day 40 (a launch
// that everybody takes up: no lift). 200 other households buy product 1 on days 5, 15, 25, 40.
// Product 3 is a staple the regulars bought since day 1, and product 4 is sold until day 30 too but
// bought by 3 households only (too few sales to call it silent).
struct Shop {
  std::vector<std::vector<PurchaseSpan>> households;
  SaleDays sales{kProducts};
  CycleSums cycles{kProducts};
};

Shop shop() {
  Shop s;
  for (int h = 0; h < 10; ++h) {
    std::vector<PurchaseSpan> spans{{3, 1, 45, 8}, {0, 10, 30, 3}, {2, 40, 40, 1}};
    if (h < 8) spans.push_back({5, 35, 45, 2});
    if (h < 3) spans.push_back({4, 12, 30, 2});
    s.households.push_back(spans);
  }
  for (int h = 0; h < 200; ++h) s.households.push_back({{1, 5, 40, 4}, {2, 40, 40, 1}});
  for (const auto& spans : s.households)
    for (const PurchaseSpan& p : spans) {
      s.sales.add(p);
      s.cycles.add(p);
    }
  return s;
}

SellingDays every_day(std::int32_t last) {
  const std::vector<std::uint8_t> marks(static_cast<std::size_t>(last), 1);
  return SellingDays(1, marks);
}

struct Found {
  AdoptionTally tally{kProducts, 1, kAsOf};
  std::vector<PairTally> adopted;
  std::vector<std::int64_t> bases;
  std::vector<std::int32_t> successor;
};

Found find(const Shop& s, const SuccessorRules& rules = {}) {
  Found f;
  const std::vector<std::int32_t> silent = silent_products(s.sales, s.cycles, every_day(kAsOf), kAsOf, rules);
  for (const auto& spans : s.households) count_adoptions(spans, silent, s.sales.first_day, rules, f.tally);
  f.adopted = count_keys(f.tally.adoptions);
  const BaseQuery query(f.adopted, silent, kProducts);
  f.bases.assign(query.size(), 0);
  for (const auto& spans : s.households) count_bases(spans, query, rules, f.bases);
  f.successor = choose_successors(silent, f.tally, f.adopted, query, f.bases, rules);
  return f;
}
}  // namespace

TEST(Successors, SilentProductsHaveSoldEnoughAndNotLately) {
  const Shop s = shop();
  const std::vector<std::int32_t> silent = silent_products(s.sales, s.cycles, every_day(kAsOf), kAsOf, {});
  EXPECT_EQ(silent[0], 30);          // 30 purchase days, silent 20 selling days
  EXPECT_EQ(silent[4], kNotSilent);  // 6 purchase days: too few to tell
  EXPECT_EQ(silent[1], 40);          // silent too (10 selling days), but its buyers stopped shopping then
  EXPECT_EQ(silent[3], kNotSilent);  // sold 5 selling days ago
}

TEST(Successors, TheRegularBuyersAdoptionIsJudgedAgainstTheShoppersBaseRate) {
  const Found f = find(shop());
  EXPECT_EQ(f.tally.regulars[0], 10);
  // Each regular adopted 2 (launched day 32, first bought day 40) and 8 of them 5; product 3 was
  // theirs before (first day 1), product 4 was sold before day 30 - 28.
  ASSERT_EQ(f.adopted.size(), 2u);
  EXPECT_EQ(f.adopted[0].key, pair_key(0, 2));
  EXPECT_EQ(f.adopted[0].count, 10);
  EXPECT_EQ(f.adopted[1].key, pair_key(0, 5));
  EXPECT_EQ(f.adopted[1].count, 8);
  // Everybody took up 2 after day 27; only the 8 took up 5.
  EXPECT_EQ(f.bases, (std::vector<std::int64_t>{210, 8}));
  // Lift of 5: 8 / (10 + 5) / (9 / 211) = 12.5 against 2's 10 / 15 / 1; 8 adopters where
  // 10 x 9 / 211 = 0.43 were expected: a Poisson tail of 1.9e-8.
  EXPECT_EQ(f.successor, (std::vector<std::int32_t>{5, -1, -1, -1, -1, -1, -1, -1}));
}

TEST(Successors, FewAdoptersOrAnOldProductAreNoSuccessor) {
  Shop few = shop();
  for (int h = 2; h < 8; ++h)
    std::erase_if(few.households[h], [](const PurchaseSpan& p) { return p.product == 5; });
  EXPECT_EQ(find(few).successor[0], -1);  // 2 adopters: below the 3 asked for
  SuccessorRules strict;
  strict.max_chance = 1e-12;  // 8 adopters at a mean of 0.43: 1.9e-8, not that unlikely
  EXPECT_EQ(find(shop(), strict).successor[0], -1);
  // Product 5 sold since day 1 (a household bought it then): not a new id launched as 0 stopped.
  Shop old = shop();
  old.sales.add(5, 1, 1);
  EXPECT_EQ(find(old).successor[0], -1);
  // ... nor one first sold months after 0 went (day 59 > 30 + 28): a later product, not its relaunch.
  Shop late = shop();
  late.sales.first_day[5] = 59;
  EXPECT_EQ(find(late).successor[0], -1);
  late.sales.first_day[5] = 58;
  EXPECT_EQ(find(late).successor[0], 5);
}

TEST(Successors, PoissonTail) {
  EXPECT_EQ(poisson_tail(0, 2.0), 1.0);
  EXPECT_EQ(poisson_tail(2, 3.0), 1.0);  // at most the mean: never significant
  EXPECT_NEAR(poisson_tail(3, 0.5), 1 - std::exp(-0.5) * (1 + 0.5 + 0.125), 1e-15);
  EXPECT_NEAR(poisson_tail(8, 90.0 / 211.0) / 1.8616441499e-8, 1.0, 1e-8);  // 1 - the first 8 terms' sum
  EXPECT_GT(poisson_tail(200, 150.0), 0.0);
  EXPECT_LT(poisson_tail(200, 150.0), 1e-4);
}

TEST(Successors, ChainsLeadToTheLatestId) {
  // 0 -> 5 and 5 -> 7 by hand: choose_successors follows the chain.
  std::vector<std::int32_t> silent(kProducts, kNotSilent);
  silent[0] = 30;
  silent[5] = 40;
  AdoptionTally tally(kProducts, 1, kAsOf);
  tally.regulars[0] = tally.regulars[5] = 10;
  tally.last_seen[kAsOf - 1] = 1000;  // a thousand households shopped on the last day
  const std::vector<PairTally> adopted{{pair_key(0, 5), 9}, {pair_key(5, 7), 9}};
  const BaseQuery query(adopted, silent, kProducts);
  const std::vector<std::int64_t> bases{9, 9};  // (5, 30) and (7, 40)
  const std::vector<std::int32_t> successor = choose_successors(silent, tally, adopted, query, bases, {});
  EXPECT_EQ(successor[0], 7);
  EXPECT_EQ(successor[5], 7);
  EXPECT_EQ(successor[7], -1);
  // Two products found each other's successor: both keep their own id.
  const std::vector<PairTally> loop{{pair_key(0, 5), 9}, {pair_key(5, 0), 9}};
  silent[0] = 40;
  silent[5] = 40;
  tally.regulars[0] = tally.regulars[5] = 10;
  const BaseQuery loop_query(loop, silent, kProducts);
  const std::vector<std::int32_t> none =
      choose_successors(silent, tally, loop, loop_query, std::vector<std::int64_t>{9, 9}, {});
  EXPECT_EQ(none, std::vector<std::int32_t>(kProducts, -1));
}

TEST(Successors, ARelaunchedProductsRowsAreItsSuccessors) {
  using basketgap::testing::block;
  // Product 0 on days 10, 20, 30 (one basket with product 3), product 5 on days 40 and 50: as one
  // product, 5 days of purchase on a 10-day cycle since day 10.
  const HistoryBlock b = block({{{10, 1, 0}, {10, 1, 3}, {20, 2, 0}, {30, 3, 0}, {40, 4, 5}, {50, 5, 5}}});
  ScoreConfig config;
  std::vector<ProductHistory> out;
  PurchaseGapScratch scratch;
  std::vector<std::int32_t> successor(kProducts, -1);
  successor[0] = 5;
  summarize_household(b, 0, 55, config, out, scratch, successor);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].product, 5);  // in first-purchase order: the inherited rows first
  EXPECT_EQ(out[0].first_day, 10);
  EXPECT_EQ(out[0].last_day, 50);
  EXPECT_EQ(out[0].purchase_days, 5);
  EXPECT_EQ(out[0].baskets, 5);
  EXPECT_DOUBLE_EQ(out[0].personal_cycle, 10.0);
  EXPECT_DOUBLE_EQ(out[0].gap_square_sum, 4 * 100.0);
  EXPECT_EQ(out[1].product, 3);
  EXPECT_EQ(scratch.inherited, (std::vector<std::int32_t>{0}));
  // Without the map: three products, and nothing inherited.
  summarize_household(b, 0, 55, config, out, scratch);
  EXPECT_EQ(out.size(), 3u);
  EXPECT_TRUE(scratch.inherited.empty());
}

TEST(Successors, TheOldIdIsNeverACandidateOfItsOwn) {
  using basketgap::testing::block;
  const HistoryBlock b = block({{{10, 1, 0}, {20, 2, 0}, {30, 3, 0}, {40, 4, 3}}});
  ScoringContext context;
  context.as_of = 55;
  context.households = 10;
  context.population_cycle.assign(kProducts, -1.0);
  context.recent_households = {9, 8, 7, 6, 5, 4, 3, 2};  // product 0 the most popular
  context.popular = {0, 1, 2, 3, 4, 5, 6, 7};
  context.successor.assign(kProducts, -1);
  context.successor[0] = 5;
  ScoreConfig config;
  config.popular_candidates = 8;
  std::vector<Candidate> out;
  CandidateScratch scratch;
  build_candidates(b, 0, context, config, out, scratch);
  std::vector<std::int32_t> products;
  for (const Candidate& c : out) products.push_back(c.product);
  EXPECT_EQ(std::count(products.begin(), products.end(), 0), 0);
  EXPECT_EQ(std::count(products.begin(), products.end(), 5), 1);
  const auto five = std::find_if(out.begin(), out.end(), [](const Candidate& c) { return c.product == 5; });
  EXPECT_TRUE(five->bought);  // a repeat candidate: the household buys it under its old id
  EXPECT_EQ(five->baskets, 3);
}

TEST(Successors, ASmallLiftIsTheRegularBuyersActivityAndARareProductHidesNothing) {
  std::vector<std::int32_t> silent(kProducts, kNotSilent);
  silent[0] = 30;
  AdoptionTally tally(kProducts, 1, kAsOf);
  tally.regulars[0] = 1000;
  tally.last_seen[kAsOf - 1] = 10000;  // ten thousand households shopped after day 30
  // Product 2: 300 of the 1000 regular buyers took it up, as did 2000 of the 10000 shoppers — a
  // lift of 1.5, far beyond chance at that many buyers (a tail of about 1e-11), but what keener
  // shoppers do. Product 4: 2 adopters of a product nobody else bought (a huge lift, too few).
  // Product 6: 60 adopters where 6 were expected: a lift of 9.9, the relaunch.
  const std::vector<PairTally> adopted{{pair_key(0, 2), 300}, {pair_key(0, 4), 2}, {pair_key(0, 6), 60}};
  const BaseQuery query(adopted, silent, kProducts);
  const std::vector<std::int64_t> bases{2000, 0, 60};  // (2, 30), (4, 30), (6, 30)
  EXPECT_EQ(choose_successors(silent, tally, adopted, query, bases, {})[0], 6);
  const std::vector<PairTally> activity_only{{pair_key(0, 2), 300}, {pair_key(0, 4), 2}};
  const BaseQuery activity_query(activity_only, silent, kProducts);
  EXPECT_EQ(choose_successors(silent, tally, activity_only, activity_query,
                              std::vector<std::int64_t>{2000, 0}, {})[0],
            -1);
  SuccessorRules any_lift;
  any_lift.min_lift = 1;
  EXPECT_EQ(choose_successors(silent, tally, activity_only, activity_query,
                              std::vector<std::int64_t>{2000, 0}, any_lift)[0],
            2);
}

TEST(Successors, ChainsUpToTheLongestAreFollowed) {
  // 0 -> 1 -> ... -> n: n hops.
  const auto chain = [](int hops) {
    std::vector<std::int32_t> successor(static_cast<std::size_t>(hops) + 1, -1);
    for (int p = 0; p < hops; ++p) successor[static_cast<std::size_t>(p)] = p + 1;
    return follow_chains(successor);
  };
  EXPECT_EQ(chain(1)[0], 1);
  EXPECT_EQ(chain(kLongestChain + 1)[0], kLongestChain + 1);
  EXPECT_EQ(chain(kLongestChain + 1)[1], kLongestChain + 1);
  EXPECT_EQ(chain(kLongestChain + 2)[0], -1);  // longer than any real chain: left alone
  EXPECT_EQ(chain(kLongestChain + 2)[1], kLongestChain + 2);
  EXPECT_EQ(follow_chains({2, -1, 0}), (std::vector<std::int32_t>{-1, -1, -1}));  // 0 -> 2 -> 0
}

TEST(Successors, AReplacedProductIsNoOnesNeighbour) {
  // Products 0..3: 1 and 2 list 0 among their neighbours; 0 was replaced by 3.
  NeighbourTable table;
  table.offsets = {0, 1, 3, 4, 4};
  table.neighbour = {1, 0, 2, 0};
  table.similarity = {0.5f, 0.4f, 0.3f, 0.2f};
  drop_replaced_neighbours(table, std::vector<std::int32_t>{3, -1, -1, -1});
  EXPECT_EQ(table.offsets, (std::vector<std::int64_t>{0, 1, 2, 2, 2}));
  EXPECT_EQ(table.neighbour, (std::vector<std::int32_t>{1, 2}));
  EXPECT_EQ(table.similarity, (std::vector<float>{0.5f, 0.3f}));
}
