// Candidates on hand-built histories: popular ranking, cross-sell scores and their strongest
// trigger, bought products never cross-sold (but scored by their similarity to the household's
// other products), popular fill without duplicates.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "engine/candidates.hpp"
#include "tests/engine/history_builder.hpp"

using namespace basketgap::engine;

namespace {
using basketgap::testing::block;
using basketgap::testing::Row;

ScoringContext context_with(std::int32_t as_of, std::size_t products, std::vector<Neighbour> neighbours) {
  ScoringContext c;
  c.as_of = as_of;
  c.households = 10;
  c.population_cycle.assign(products, -1.0);
  c.recent_households.assign(products, 1);
  c.neighbours = build_neighbour_table(std::move(neighbours), products);
  return c;
}

// Household 0 buys product 0 in three baskets and product 1 in one, all on the as-of day, so
// every decay weight is exactly 1: affinities 3/4 and 1/4.
HistoryBlock two_product_household() { return block({{{50, 1, 0}, {50, 2, 0}, {50, 2, 1}, {50, 3, 0}}}); }

const Candidate* find(const std::vector<Candidate>& all, std::int32_t product) {
  for (const Candidate& c : all)
    if (c.product == product) return &c;
  return nullptr;
}
}  // namespace

TEST(Candidates, MostPopularRanksByBuyersThenLowerIndexAndDropsUnbought) {
  const std::vector<std::int64_t> buyers{3, 7, 3, 0, 7, 1, 0};
  EXPECT_EQ(most_popular(buyers, 10), (std::vector<std::int32_t>{1, 4, 0, 2, 5}));
  EXPECT_EQ(most_popular(buyers, 3), (std::vector<std::int32_t>{1, 4, 0}));
  EXPECT_TRUE(most_popular(std::vector<std::int64_t>{0, 0}, 5).empty());
}

TEST(Candidates, CrossSellSumsAffinityTimesSimilarityAndNamesTheStrongestTrigger) {
  // Neighbours: 0 -> {1: 0.75, 2: 0.125}, 1 -> {2: 1.0, 3: 0.25}.
  // Product 2: from 0, 3/4 * 0.125 = 0.09375; from 1, 1/4 * 1.0 = 0.25 -> 0.34375, source 1.
  // Product 3: from 1, 1/4 * 0.25 = 0.0625, source 1. Product 1 is bought: never cross-sold.
  const ScoringContext context =
      context_with(50, 6, {{0, 1, 0.75f}, {0, 2, 0.125f}, {1, 2, 1.0f}, {1, 3, 0.25f}});
  ScoreConfig config;
  config.popular_candidates = 0;
  std::vector<Candidate> out;
  CandidateScratch scratch;
  build_candidates(two_product_household(), 0, context, config, out, scratch);
  ASSERT_EQ(out.size(), 4u);
  // Bought first (ascending), then cross-sell best first.
  EXPECT_EQ(out[0].product, 0);
  EXPECT_TRUE(out[0].bought);
  EXPECT_EQ(out[0].baskets, 3);
  EXPECT_EQ(out[1].product, 1);
  EXPECT_TRUE(out[1].bought);
  EXPECT_EQ(out[1].source, -1);
  EXPECT_EQ(out[2].product, 2);
  EXPECT_FALSE(out[2].bought);
  EXPECT_DOUBLE_EQ(out[2].cross_sell, 0.34375);
  EXPECT_EQ(out[2].source, 1);
  EXPECT_DOUBLE_EQ(out[2].features[Feature::cross_sell], std::log1p(3.4375));
  EXPECT_EQ(out[3].product, 3);
  EXPECT_DOUBLE_EQ(out[3].cross_sell, 0.0625);
  EXPECT_EQ(out[3].source, 1);
  for (const Candidate& c : out) {
    EXPECT_EQ(c.features[Feature::bias], 1.0);
    EXPECT_EQ(c.features[Feature::bought], c.bought ? 1.0 : 0.0);
  }
  // The repeat features of product 0: 3 of the household's 3 baskets, decayed count 3.
  EXPECT_DOUBLE_EQ(out[0].features[Feature::log_decayed_long], std::log1p(3.0));
  EXPECT_DOUBLE_EQ(out[0].features[Feature::share_of_baskets], 1.0);
  EXPECT_DOUBLE_EQ(out[1].features[Feature::share_of_baskets], 1.0 / 3.0);
}

TEST(Candidates, ARepeatCandidateCarriesItsSimilarityToTheHouseholdsOtherProducts) {
  // Neighbours as above: bought product 1 is 0's neighbour (0.75), product 0 nobody's.
  // Product 1: 3/4 * 0.75 = 0.5625 -> cross_sell feature log1p(5.625); product 0: 0. The
  // explore candidates are as without it, and a second household on the same scratch starts
  // from zero sums.
  const ScoringContext context =
      context_with(50, 6, {{0, 1, 0.75f}, {0, 2, 0.125f}, {1, 2, 1.0f}, {1, 3, 0.25f}});
  ScoreConfig config;
  config.popular_candidates = 0;
  config.repeat_similarity = true;
  CandidateScratch scratch;
  for (int pass = 0; pass < 2; ++pass) {
    std::vector<Candidate> out;
    build_candidates(two_product_household(), 0, context, config, out, scratch);
    ASSERT_EQ(out.size(), 4u);
    EXPECT_EQ(out[0].features[Feature::cross_sell], 0.0);
    EXPECT_DOUBLE_EQ(out[1].features[Feature::cross_sell], std::log1p(5.625));
    EXPECT_EQ(out[1].cross_sell, 0.0);  // no cross-sell reason or source for a bought product
    EXPECT_EQ(out[1].source, -1);
    EXPECT_DOUBLE_EQ(out[2].cross_sell, 0.34375);
  }
  // Without a neighbour table (no similarity yet), or without the option: 0.
  const ScoringContext bare = context_with(50, 6, {});
  std::vector<Candidate> out;
  build_candidates(two_product_household(), 0, bare, config, out, scratch);
  for (const Candidate& c : out) EXPECT_EQ(c.features[Feature::cross_sell], 0.0);
  config.repeat_similarity = false;
  build_candidates(two_product_household(), 0, context, config, out, scratch);
  ASSERT_EQ(out.size(), 4u);
  EXPECT_EQ(out[1].features[Feature::cross_sell], 0.0);
  EXPECT_DOUBLE_EQ(out[2].cross_sell, 0.34375);
}

TEST(Candidates, EqualContributionsKeepTheLowerTriggerAndCapTheList) {
  // 0 -> {2: 0.25}, 1 -> {2: 0.75}: 3/4 * 0.25 == 1/4 * 0.75, the source is the lower product 0.
  // 0 -> {4: 0.5}: 0.375 is the best cross-sell; with cross_sell_candidates = 1 only it stays.
  const ScoringContext context = context_with(50, 6, {{0, 2, 0.25f}, {1, 2, 0.75f}, {0, 4, 0.5f}});
  ScoreConfig config;
  config.popular_candidates = 0;
  std::vector<Candidate> out;
  CandidateScratch scratch;
  build_candidates(two_product_household(), 0, context, config, out, scratch);
  const Candidate* two = find(out, 2);
  ASSERT_NE(two, nullptr);
  EXPECT_DOUBLE_EQ(two->cross_sell, 0.375);
  EXPECT_EQ(two->source, 0);
  // 2 and 4 tie at 0.375: lower product first.
  ASSERT_EQ(out.size(), 4u);
  EXPECT_EQ(out[2].product, 2);
  EXPECT_EQ(out[3].product, 4);

  config.cross_sell_candidates = 1;
  build_candidates(two_product_household(), 0, context, config, out, scratch);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[2].product, 2);
  config.cross_sell_candidates = 0;
  build_candidates(two_product_household(), 0, context, config, out, scratch);
  EXPECT_EQ(out.size(), 2u);
}

TEST(Candidates, PopularFillSkipsBoughtAndCrossSoldProducts) {
  ScoringContext context = context_with(50, 8, {{0, 2, 0.5f}});
  context.popular = {1, 2, 5, 0, 6, 7};
  ScoreConfig config;
  config.popular_candidates = 2;
  std::vector<Candidate> out;
  CandidateScratch scratch;
  build_candidates(two_product_household(), 0, context, config, out, scratch);
  std::vector<std::int32_t> products;
  for (const Candidate& c : out) products.push_back(c.product);
  // Bought 0, 1; cross-sell 2; then popular 5 and 6 (1 and 2 are already candidates).
  EXPECT_EQ(products, (std::vector<std::int32_t>{0, 1, 2, 5, 6}));
  EXPECT_EQ(out[3].source, -1);
  EXPECT_FALSE(out[3].bought);
  EXPECT_EQ(out[3].cross_sell, 0.0);
  std::sort(products.begin(), products.end());
  EXPECT_TRUE(std::adjacent_find(products.begin(), products.end()) == products.end());
}

TEST(Candidates, HouseholdsWithoutHistoryAsOfTheDayGetNone) {
  const ScoringContext context = context_with(10, 4, {});
  std::vector<Candidate> out{Candidate{}};
  CandidateScratch scratch;
  build_candidates(block({{{11, 1, 0}}}), 0, context, ScoreConfig{}, out, scratch);
  EXPECT_TRUE(out.empty());
  build_candidates(block({{}}), 0, context, ScoreConfig{}, out, scratch);
  EXPECT_TRUE(out.empty());
}

TEST(Candidates, CrossSellIsSeededByTheStrongestProductsOnly) {
  // Product 0 bought in three baskets, product 1 once: with one trigger only product 0's
  // neighbour (2) is a cross-sell candidate; with every product as a trigger, product 1's
  // neighbour (3) is one too.
  const HistoryBlock b = block({{{1, 1, 0}, {5, 2, 0}, {9, 3, 0}, {9, 3, 1}}});
  ScoringContext context;
  context.as_of = 10;
  context.households = 1;
  context.population_cycle.assign(4, -1.0);
  context.recent_households.assign(4, 0);
  context.neighbours = build_neighbour_table({{0, 2, 0.5f}, {1, 3, 0.9f}}, 4);
  ScoreConfig config;
  config.popular_candidates = 0;
  std::vector<Candidate> out;
  CandidateScratch scratch;
  const auto cross_sell_products = [&] {
    build_candidates(b, 0, context, config, out, scratch);
    std::vector<std::int32_t> products;
    for (const Candidate& c : out)
      if (!c.bought) products.push_back(c.product);
    std::sort(products.begin(), products.end());
    return products;
  };
  config.cross_sell_triggers = 1;
  EXPECT_EQ(cross_sell_products(), (std::vector<std::int32_t>{2}));
  config.cross_sell_triggers = 0;
  EXPECT_EQ(cross_sell_products(), (std::vector<std::int32_t>{2, 3}));
}

TEST(Candidates, MemoisedFeaturesAreTheDirectFormulasAcrossHouseholdsAndHalfLives) {
  // Household 0: product 0 in each of 70 baskets (one a day, days 31..100: more than the 64
  // basket counts the memo keeps), product 1 once (day 40), product 2 twice (days 60, 90).
  // Household 1: product 1 once on day 95. As of day 100.
  std::vector<Row> first;
  for (std::int32_t d = 31; d <= 100; ++d) {
    first.push_back({d, d, 0});
    if (d == 40 || d == 60 || d == 90) first.push_back({d, d, d == 40 ? 1 : 2});
  }
  const HistoryBlock b = block({first, {{95, 500, 1}}});
  const ScoringContext context = context_with(100, 3, {});
  ScoreConfig config;
  config.popular_candidates = 0;
  // The direct formulas (the expressions of summarize_household and build_candidates).
  const auto decay = [](double half_life, std::int32_t age) {
    return std::exp(-(std::log(2.0) / half_life) * static_cast<double>(age));
  };
  const auto expected_in_window = [&](double baskets, double total, double recent, double observed) {
    const double pace = recent / observed * config.validation_window_days;
    return 1.0 - std::exp(-(baskets / total) * pace);
  };
  CandidateScratch reused;
  for (const double half_life : {120.0, 30.0, 120.0}) {  // a new half-life must not reuse the memo
    config.half_life_days = half_life;
    std::vector<Candidate> out, fresh;
    build_candidates(b, 0, context, config, out, reused);
    CandidateScratch new_scratch;
    build_candidates(b, 0, context, config, fresh, new_scratch);
    ASSERT_EQ(out.size(), 3u);
    for (std::size_t i = 0; i < out.size(); ++i) EXPECT_EQ(out[i].features, fresh[i].features);
    const Candidate& once = *find(out, 1);
    EXPECT_EQ(once.features[Feature::log_decayed_long], std::log1p(decay(half_life, 60)));
    EXPECT_EQ(once.features[Feature::log_decayed_short], std::log1p(decay(config.short_half_life_days, 60)));
    // 70 baskets, all in the 90-day window, observed over the 70 days since the first one.
    EXPECT_EQ(once.features[Feature::expected_in_window], expected_in_window(1, 70, 70, 70));
    EXPECT_EQ(find(out, 2)->features[Feature::expected_in_window], expected_in_window(2, 70, 70, 70));
    EXPECT_EQ(find(out, 0)->features[Feature::expected_in_window], expected_in_window(70, 70, 70, 70));

    // The next household, same scratch: its own basket counts, the same age table.
    build_candidates(b, 1, context, config, out, reused);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].features[Feature::log_decayed_long], std::log1p(decay(half_life, 5)));
    EXPECT_EQ(out[0].features[Feature::expected_in_window], expected_in_window(1, 1, 1, 6));
  }
}
