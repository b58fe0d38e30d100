// Categories: the household's decayed purchases of a candidate's category, the candidate's
// share of them, and the popular products of its strongest categories as explore candidates.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "engine/candidates.hpp"
#include "engine/categories.hpp"
#include "tests/engine/history_builder.hpp"

using namespace basketgap::engine;
using basketgap::testing::Row;

namespace {

// Six products: 0, 1 and 5 in category 0, 2 and 4 in category 1, 3 in none; recent buyers
// 5, 9, 0, 0, 3, 9.
const std::vector<std::int32_t> kCategoryOf{0, 0, 1, -1, 1, 0};
const std::vector<std::int64_t> kRecentBuyers{5, 9, 0, 0, 3, 9};

ProductHistory bought(std::int32_t product, double decayed_long, double decayed_short) {
  ProductHistory p;
  p.product = product;
  p.decayed_long = decayed_long;
  p.decayed_short = decayed_short;
  return p;
}

}  // namespace

TEST(Categories, TableListsEachCategorysProductsWithBuyersMostPopularFirst) {
  const CategoryTable table = category_table(kCategoryOf, kRecentBuyers);
  ASSERT_EQ(table.categories(), 2);
  EXPECT_EQ(table.of_product, kCategoryOf);
  // Ties (1 and 5, 9 buyers each) by the lower index; product 2 has no recent buyer.
  EXPECT_EQ(std::vector<std::int32_t>(table.members_of(0).begin(), table.members_of(0).end()),
            (std::vector<std::int32_t>{1, 5, 0}));
  EXPECT_EQ(std::vector<std::int32_t>(table.members_of(1).begin(), table.members_of(1).end()),
            (std::vector<std::int32_t>{4}));
}

TEST(Categories, NoCategoryMeansAnEmptyTable) {
  EXPECT_TRUE(category_table({}, kRecentBuyers).empty());
  EXPECT_TRUE(category_table(std::vector<std::int32_t>(6, -1), kRecentBuyers).empty());
  // A shorter list: the products after it have none.
  const CategoryTable table = category_table(std::vector<std::int32_t>{2}, kRecentBuyers);
  EXPECT_EQ(table.of_product, (std::vector<std::int32_t>{2, -1, -1, -1, -1, -1}));
  EXPECT_EQ(table.categories(), 3);
}

TEST(Categories, FeaturesAreTheHouseholdsPurchasesOfTheCategoryAndTheProductsShare) {
  const CategoryTable table = category_table(kCategoryOf, kRecentBuyers);
  const std::vector<ProductHistory> history{bought(0, 2.0, 1.0), bought(3, 4.0, 4.0), bought(4, 1.0, 0.5),
                                            bought(5, 6.0, 3.0)};
  HouseholdCategories household;
  household.summarize(table, history);
  const auto features_of = [&](std::int32_t product, double decayed_long) {
    Features f{};
    household.fill(table, product, decayed_long, f);
    return f;
  };
  const Features zero = features_of(0, 2.0);
  EXPECT_EQ(zero[Feature::log_category_long], std::log1p(8.0));  // 2 + 6
  EXPECT_EQ(zero[Feature::log_category_short], std::log1p(4.0));
  EXPECT_EQ(zero[Feature::category_share], 0.25);
  EXPECT_EQ(features_of(5, 6.0)[Feature::category_share], 0.75);
  EXPECT_EQ(features_of(4, 1.0)[Feature::category_share], 1.0);
  // A product of the category never bought: the category's purchases, no share.
  const Features never = features_of(1, 0.0);
  EXPECT_EQ(never[Feature::log_category_long], std::log1p(8.0));
  EXPECT_EQ(never[Feature::category_share], 0.0);
  // No category, or a category the household never bought: nothing.
  EXPECT_EQ(features_of(3, 4.0), Features{});
  EXPECT_EQ(household.largest_log_long(), std::log1p(8.0));
  EXPECT_EQ(household.largest_log_short(), std::log1p(4.0));

  // The next household starts from nothing.
  household.summarize(table, std::vector<ProductHistory>{bought(2, 0.5, 0.25)});
  EXPECT_EQ(features_of(0, 0.0), Features{});
  EXPECT_EQ(features_of(4, 0.0)[Feature::log_category_long], std::log1p(0.5));
  EXPECT_EQ(household.largest_log_long(), std::log1p(0.5));
}

TEST(Categories, PopularUntakenWalksTheStrongestCategoriesFirstWithTheirStrongestProductAsSource) {
  const CategoryTable table = category_table(kCategoryOf, kRecentBuyers);
  // Category 1 is the stronger here (3 against 2), its strongest product 2.
  const std::vector<ProductHistory> history{bought(0, 2.0, 1.0), bought(2, 3.0, 1.0)};
  HouseholdCategories household;
  household.summarize(table, history);
  std::vector<std::int32_t> taken(6, 0);
  taken[0] = taken[2] = 1;
  std::vector<CategoryCandidate> out;
  household.popular_untaken(table, taken, 1, 10, 2, history, out);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].product, 4);  // category 1 first
  EXPECT_EQ(out[0].source, 2);
  EXPECT_EQ(out[1].product, 1);  // then category 0's most popular two
  EXPECT_EQ(out[1].source, 0);
  EXPECT_EQ(out[2].product, 5);
  out.clear();
  household.popular_untaken(table, taken, 1, 10, 1, history, out);  // one a category
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[1].product, 1);
  out.clear();
  household.popular_untaken(table, taken, 1, 2, 2, history, out);  // two in all
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[1].product, 1);
}

TEST(Categories, CandidatesCarryTheFeaturesAndTheCategorysPopularProductsAreExploreCandidates) {
  // One household: product 0 on days 1 and 10, product 4 on day 10; as of day 20.
  const HistoryBlock block = basketgap::testing::block({{{1, 0, 0}, {10, 1, 0}, {10, 1, 4}}});
  ScoringContext context;
  context.as_of = 20;
  context.households = 1;
  context.population_cycle.assign(6, -1.0);
  context.recent_households = kRecentBuyers;
  context.popular = most_popular(kRecentBuyers, 40);
  context.neighbours = build_neighbour_table({}, 6);
  add_product_facts(context);
  ScoreConfig config;
  CandidateScratch scratch;
  std::vector<Candidate> out;

  build_candidates(block, 0, context, config, out, scratch);  // no categories: 1 and 5 are popular ones
  ASSERT_EQ(out.size(), 4u);
  EXPECT_EQ(out[2].product, 1);
  EXPECT_EQ(out[2].source, -1);
  for (const Candidate& c : out) EXPECT_EQ(c.features[Feature::log_category_long], 0.0);

  context.categories = category_table(kCategoryOf, kRecentBuyers);
  build_candidates(block, 0, context, config, out, scratch);
  ASSERT_EQ(out.size(), 4u);
  const double category_0 = scratch.history[0].decayed_long;  // product 0 alone in it
  EXPECT_EQ(out[0].product, 0);
  EXPECT_EQ(out[0].features[Feature::log_category_long], std::log1p(category_0));
  EXPECT_EQ(out[0].features[Feature::category_share], 1.0);
  EXPECT_EQ(out[1].product, 4);
  EXPECT_EQ(out[1].features[Feature::category_share], 1.0);
  // Category 0 is the household's stronger: its popular products it never bought, from product 0.
  for (std::size_t i : {2u, 3u}) {
    EXPECT_EQ(out[i].product, i == 2 ? 1 : 5);
    EXPECT_FALSE(out[i].bought);
    EXPECT_EQ(out[i].source, 0);
    EXPECT_EQ(out[i].features[Feature::log_category_long], std::log1p(category_0));
    EXPECT_EQ(out[i].features[Feature::category_share], 0.0);
  }

  config.category_candidates = 0;  // the features stay, the candidates go: 1 and 5 are popular again
  build_candidates(block, 0, context, config, out, scratch);
  ASSERT_EQ(out.size(), 4u);
  EXPECT_EQ(out[2].source, -1);
  EXPECT_EQ(out[2].features[Feature::log_category_long], std::log1p(category_0));
}
