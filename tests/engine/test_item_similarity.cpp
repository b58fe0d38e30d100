// Item similarity on hand-checkable inputs: the household window with its
// product cap, pair counting, cosine / Jaccard / LLR against hand-computed
// values, top-k neighbours.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "engine/co_occurrence.hpp"
#include "engine/item_similarity.hpp"
#include "tests/engine/history_builder.hpp"

using namespace basketgap::engine;

namespace {
using basketgap::testing::block;
using basketgap::testing::Row;
std::uint64_t key(std::int32_t a, std::int32_t b) {
  return (static_cast<std::uint64_t>(a) << 32) | static_cast<std::uint32_t>(b);
}
std::vector<std::int32_t> window_of(const HistoryBlock& b, std::int32_t as_of, const ScoreConfig& c) {
  std::vector<std::int32_t> out;
  window_products(b, 0, as_of, c, out);
  return out;
}
}  // namespace

TEST(ItemSimilarity, WindowProductsKeepsTheRecentWindowAndCapsByBasketsRecencyIndex) {
  // As of day 60 with a 30-day window: days 31..60 count. Product 1 (day 30) is
  // too old, product 2 (day 61) is after as-of. Product 7 in two baskets; 3 and
  // 5 once on day 50; 9 once on day 40.
  const HistoryBlock b =
      block({{{30, 1, 1}, {40, 2, 9}, {45, 3, 7}, {50, 4, 5}, {50, 4, 3}, {55, 5, 7}, {61, 6, 2}}});
  ScoreConfig c;
  c.similarity_window_days = 30;
  c.max_products_per_household = 10;
  EXPECT_EQ(window_of(b, 60, c), (std::vector<std::int32_t>{3, 5, 7, 9}));
  c.max_products_per_household = 3;  // 7 (two baskets), then 3 and 5 (day 50; 3 is lower), not 9
  EXPECT_EQ(window_of(b, 60, c), (std::vector<std::int32_t>{3, 5, 7}));
  c.max_products_per_household = 2;  // 7, then 3 wins the (baskets, day) tie with 5
  EXPECT_EQ(window_of(b, 60, c), (std::vector<std::int32_t>{3, 7}));
  c.max_products_per_household = 1;
  EXPECT_EQ(window_of(b, 60, c), (std::vector<std::int32_t>{7}));
  // Recency before index: as of day 61 product 2 (day 61) beats 3 and 5 (day
  // 50) for 2nd place.
  c.max_products_per_household = 2;
  EXPECT_EQ(window_of(b, 61, c), (std::vector<std::int32_t>{2, 7}));
  // The window's lower edge is exclusive: as of 59, day 29 and before drop out;
  // day 30 does not.
  c.max_products_per_household = 10;
  c.similarity_window_days = 29;
  EXPECT_EQ(window_of(b, 59, c), (std::vector<std::int32_t>{3, 5, 7, 9}));
  c.similarity_window_days = 30;
  EXPECT_EQ(window_of(b, 59, c), (std::vector<std::int32_t>{1, 3, 5, 7, 9}));
}

TEST(ItemSimilarity, PairCountsAreOrderedAndCountedPerProductRow) {
  WindowSet windows;
  windows.add(std::vector<std::int32_t>{1, 2, 3});
  windows.add(std::vector<std::int32_t>{2, 3});
  windows.add(std::vector<std::int32_t>{4});  // one product: no pair
  const ProductPostings postings = postings_of(windows, 5);
  EXPECT_EQ(postings.offsets, (std::vector<std::int64_t>{0, 0, 1, 3, 5, 6}));
  EXPECT_EQ(postings.households, (std::vector<std::int32_t>{0, 0, 1, 0, 1, 2}));
  // Partners bounded by the other products of each household: 1 -> 2; 2 -> 2 +
  // 1; 3 -> 2 + 1.
  EXPECT_EQ(pair_bounds(windows, postings), (std::vector<std::int64_t>{0, 2, 3, 3, 0}));
  const auto counts = co_occurrence_rows(windows, postings, 0, 5);
  const std::vector<std::pair<std::uint64_t, std::int64_t>> want{
      {key(1, 2), 1}, {key(1, 3), 1}, {key(2, 1), 1}, {key(2, 3), 2}, {key(3, 1), 1}, {key(3, 2), 2}};
  ASSERT_EQ(counts.size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(counts[i].key, want[i].first) << i;
    EXPECT_EQ(counts[i].count, want[i].second) << i;
  }
  // Product ranges (the routing batches) concatenate to the whole.
  auto low = co_occurrence_rows(windows, postings, 0, 2);
  const auto high = co_occurrence_rows(windows, postings, 2, 5);
  low.insert(low.end(), high.begin(), high.end());
  ASSERT_EQ(low.size(), counts.size());
  for (std::size_t i = 0; i < low.size(); ++i) EXPECT_EQ(low[i].key, counts[i].key);
  EXPECT_EQ(pair_first(key(7, 9)), 7);
  EXPECT_EQ(pair_second(key(7, 9)), 9);
}

TEST(ItemSimilarity, OwnedProductsTakeTheirTopNeighboursFromCompleteRows) {
  WindowSet windows;
  windows.add(std::vector<std::int32_t>{1, 2, 3});
  windows.add(std::vector<std::int32_t>{2, 3});
  windows.add(std::vector<std::int32_t>{2, 4});
  const ProductPostings postings = postings_of(windows, 5);
  const std::vector<std::int64_t> buyers{0, 1, 3, 2, 1};
  ScoreConfig config;
  config.neighbours = 1;
  config.min_co_households = 1;
  // Cosine, both / sqrt(buyers of each): 2-3 2 / sqrt(3 * 2) = 0.816; 1-3 1 / sqrt(2) = 0.707;
  // 1-2 and 2-4 1 / sqrt(3) = 0.577. Each product's best one.
  const auto one = top_neighbours_of_owned(windows, postings, 0, 1, buyers, 3, config);
  const std::vector<std::pair<std::int32_t, std::int32_t>> want{{1, 3}, {2, 3}, {3, 2}, {4, 2}};
  ASSERT_EQ(one.size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(one[i].product, want[i].first) << i;
    EXPECT_EQ(one[i].neighbour, want[i].second) << i;
  }
  EXPECT_FLOAT_EQ(one[1].similarity, static_cast<float>(2 / std::sqrt(6.0)));
  // The same as counting every row and taking the top of the pair list.
  const auto routed = top_neighbours(co_occurrence_rows(windows, postings, 0, 5), buyers, 3, config);
  ASSERT_EQ(routed.size(), one.size());
  for (std::size_t i = 0; i < one.size(); ++i) {
    EXPECT_EQ(routed[i].neighbour, one[i].neighbour) << i;
    EXPECT_EQ(routed[i].similarity, one[i].similarity) << i;
  }
  // Owners 0 and 1 of 2: the even products, then the odd ones.
  const auto even = top_neighbours_of_owned(windows, postings, 0, 2, buyers, 3, config);
  const auto odd = top_neighbours_of_owned(windows, postings, 1, 2, buyers, 3, config);
  ASSERT_EQ(even.size(), 2u);
  EXPECT_EQ(even[0].product, 2);
  EXPECT_EQ(even[1].product, 4);
  ASSERT_EQ(odd.size(), 2u);
  EXPECT_EQ(odd[0].product, 1);
  EXPECT_EQ(odd[1].product, 3);
  // An owner past the last product owns none.
  EXPECT_TRUE(top_neighbours_of_owned(windows, postings, 7, 8, buyers, 3, config).empty());
  // Slices of the owned rows, concatenated in order, are the whole (score's progress lines).
  EXPECT_EQ(owned_rows(5, 0, 1), 5);
  EXPECT_EQ(owned_rows(5, 1, 2), 2);
  EXPECT_EQ(owned_rows(5, 7, 8), 0);
  std::vector<Neighbour> sliced;
  for (std::int32_t row = 0; row < 5; row += 2) {
    const auto part = top_neighbours_of_owned(windows, postings, 0, 1, buyers, 3, config, row, row + 2);
    sliced.insert(sliced.end(), part.begin(), part.end());
  }
  ASSERT_EQ(sliced.size(), one.size());
  for (std::size_t i = 0; i < one.size(); ++i) {
    EXPECT_EQ(sliced[i].product, one[i].product) << i;
    EXPECT_EQ(sliced[i].neighbour, one[i].neighbour) << i;
    EXPECT_EQ(sliced[i].similarity, one[i].similarity) << i;
  }
}

TEST(ItemSimilarity, SortedRunsFromSeveralRanksMergeIntoSortedSums) {
  // Three runs as received from three ranks, each sorted by key.
  const std::vector<PairCount> received{{key(0, 9), 2}, {key(1, 2), 4}, {key(3, 2), 1},  // rank 0
                                        {key(1, 2), 1}, {key(3, 2), 5},                  // rank 1
                                        {key(2, 7), 3}};                                 // rank 2
  const std::vector<std::int64_t> sizes{3, 2, 1};
  const auto merged = merge_sorted_runs(received, sizes);
  ASSERT_EQ(merged.size(), 4u);
  EXPECT_EQ(merged[0].key, key(0, 9));
  EXPECT_EQ(merged[0].count, 2);
  EXPECT_EQ(merged[1].key, key(1, 2));
  EXPECT_EQ(merged[1].count, 5);
  EXPECT_EQ(merged[2].key, key(2, 7));
  EXPECT_EQ(merged[2].count, 3);
  EXPECT_EQ(merged[3].key, key(3, 2));
  EXPECT_EQ(merged[3].count, 6);
  // One non-empty run is returned as it is.
  const std::vector<std::int64_t> one{0, 3, 0};
  EXPECT_EQ(merge_sorted_runs(std::span(received).subspan(0, 3), one).size(), 3u);
}

TEST(ItemSimilarity, CosineAndJaccardByHand) {
  // 2 households buy both, 4 buy a, 9 buy b: cosine = 2 / sqrt(4 * 9) = 1/3,
  // Jaccard = 2 / (4 + 9 - 2) = 2/11.
  EXPECT_DOUBLE_EQ(cosine(2, 4, 9), 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(jaccard(2, 4, 9), 2.0 / 11.0);
  EXPECT_DOUBLE_EQ(cosine(3, 3, 3), 1.0);
  EXPECT_DOUBLE_EQ(jaccard(3, 3, 3), 1.0);
  EXPECT_DOUBLE_EQ(cosine(0, 0, 5), 0.0);
  EXPECT_DOUBLE_EQ(jaccard(0, 0, 0), 0.0);
  EXPECT_DOUBLE_EQ(similarity(SimilarityMeasure::cosine, 2, 4, 9, 100), 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(similarity(SimilarityMeasure::jaccard, 2, 4, 9, 100), 2.0 / 11.0);
}

TEST(ItemSimilarity, LogLikelihoodRatioByHand) {
  // 100 households; 20 buy a, 20 buy b, 10 buy both. The 2x2 table and its
  // expectations under independence (row total x column total / 100):
  //            b     not b                 b     not b
  //   a       10       10      E:    a     4       16
  //   not a   10       70            not a 16      64
  // G^2 = 2 * sum O ln(O/E) = 2 * (10 ln(10/4) + 10 ln(10/16) + 10 ln(10/16) +
  // 70 ln(70/64))
  //     = 2 * (9.162907 - 4.700036 - 4.700036 + 6.272864) = 12.0713717
  const double want = 2 * (10 * std::log(10.0 / 4) + 2 * 10 * std::log(10.0 / 16) + 70 * std::log(70.0 / 64));
  EXPECT_NEAR(want, 12.0713717, 1e-6);
  EXPECT_NEAR(log_likelihood_ratio(10, 20, 20, 100), want, 1e-9);
  EXPECT_NEAR(similarity(SimilarityMeasure::llr, 10, 20, 20, 100), want, 1e-9);
  // A table with an empty cell: 5 buy both, a = b = 5 of 10 households.
  //   O = [5 0; 0 5], E = [2.5 2.5; 2.5 2.5]: G^2 = 2 * (5 ln 2 + 5 ln 2) = 20
  //   ln 2.
  EXPECT_NEAR(log_likelihood_ratio(5, 5, 5, 10), 20 * std::log(2.0), 1e-9);
  // Symmetric in a and b.
  EXPECT_DOUBLE_EQ(log_likelihood_ratio(3, 7, 12, 50), log_likelihood_ratio(3, 12, 7, 50));
  // Independence (10 * 100 == 20 * 50) and negative association score 0; so do
  // impossible tables.
  EXPECT_EQ(log_likelihood_ratio(10, 20, 50, 100), 0.0);
  EXPECT_EQ(log_likelihood_ratio(1, 20, 20, 100), 0.0);
  EXPECT_EQ(log_likelihood_ratio(5, 4, 9, 100), 0.0);
  EXPECT_EQ(log_likelihood_ratio(1, 1, 1, 0), 0.0);
}

TEST(ItemSimilarity, TopNeighboursFiltersRanksAndBreaksTiesByLowerIndex) {
  // Product 0's pairs: with 1 and 2 in 2 households each, with 3 in 1 (below
  // min_co_households), with 4 in 3. Buyers: 4, 4, 4, 1, 4. Cosines: 0.5, 0.5,
  // -, 0.75.
  const std::vector<std::int64_t> buyers{4, 4, 4, 1, 4, 2};
  const std::vector<PairCount> counts{
      {key(0, 1), 2}, {key(0, 2), 2}, {key(0, 3), 1}, {key(0, 4), 3}, {key(5, 1), 2}};
  ScoreConfig c;
  c.min_co_households = 2;
  c.neighbours = 2;
  const auto top = top_neighbours(counts, buyers, 10, c);
  ASSERT_EQ(top.size(), 3u);
  EXPECT_EQ(top[0].product, 0);
  EXPECT_EQ(top[0].neighbour, 4);
  EXPECT_FLOAT_EQ(top[0].similarity, 0.75f);
  EXPECT_EQ(top[1].neighbour, 1);  // ties with 2 at 0.5: the lower index stays
  EXPECT_FLOAT_EQ(top[1].similarity, 0.5f);
  EXPECT_EQ(top[2].product, 5);
  EXPECT_EQ(top[2].neighbour, 1);
  EXPECT_FLOAT_EQ(top[2].similarity, static_cast<float>(2 / std::sqrt(8.0)));

  c.neighbours = 30;
  c.min_co_households = 1;  // now 3 counts: cosine 1 / sqrt(4 * 1) = 0.5
  const auto all = top_neighbours(counts, buyers, 10, c);
  std::vector<std::int32_t> order;
  for (const auto& n : all)
    if (n.product == 0) order.push_back(n.neighbour);
  EXPECT_EQ(order, (std::vector<std::int32_t>{4, 1, 2, 3}));

  c.min_co_households = 3;
  const auto strict = top_neighbours(counts, buyers, 10, c);
  ASSERT_EQ(strict.size(), 1u);
  EXPECT_EQ(strict[0].neighbour, 4);
}

TEST(ItemSimilarity, TopNeighboursWithJaccardAndLlr) {
  const std::vector<std::int64_t> buyers{20, 20, 20};
  const std::vector<PairCount> counts{{key(0, 1), 10}, {key(0, 2), 4}};
  ScoreConfig c;
  c.measure = SimilarityMeasure::jaccard;
  auto top = top_neighbours(counts, buyers, 100, c);
  ASSERT_EQ(top.size(), 2u);
  EXPECT_FLOAT_EQ(top[0].similarity, static_cast<float>(10.0 / 30.0));
  EXPECT_FLOAT_EQ(top[1].similarity, static_cast<float>(4.0 / 36.0));
  c.measure = SimilarityMeasure::llr;  // (0, 2): 4 * 100 == 20 * 20,
                                       // independent: dropped
  top = top_neighbours(counts, buyers, 100, c);
  ASSERT_EQ(top.size(), 1u);
  EXPECT_EQ(top[0].neighbour, 1);
  EXPECT_NEAR(top[0].similarity, 12.0713717, 1e-5);
}

TEST(ItemSimilarity, NeighbourTableIsSortedWhateverTheInputOrder) {
  std::vector<Neighbour> all{{2, 0, 0.25f}, {0, 3, 0.5f}, {0, 1, 0.5f}, {0, 2, 0.75f}, {2, 1, 0.5f}};
  const NeighbourTable t = build_neighbour_table(all, 4);
  std::reverse(all.begin(), all.end());
  const NeighbourTable u = build_neighbour_table(all, 4);
  EXPECT_EQ(t.offsets, (std::vector<std::int64_t>{0, 3, 3, 5, 5}));
  EXPECT_EQ(t.neighbour, (std::vector<std::int32_t>{2, 1, 3, 1, 0}));
  EXPECT_EQ(t.similarity, (std::vector<float>{0.75f, 0.5f, 0.5f, 0.5f, 0.25f}));
  EXPECT_EQ(u.offsets, t.offsets);
  EXPECT_EQ(u.neighbour, t.neighbour);
  EXPECT_EQ(u.similarity, t.similarity);
  EXPECT_TRUE(t.neighbours_of(1).empty());
  EXPECT_TRUE(t.neighbours_of(3).empty());
  ASSERT_EQ(t.neighbours_of(2).size(), 2u);
  EXPECT_EQ(t.neighbours_of(2)[1], 0);
  EXPECT_FLOAT_EQ(t.similarities_of(2)[1], 0.25f);
}
