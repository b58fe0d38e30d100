// The distributed reductions of the scoring pipeline (jobs/score/pipeline.hpp): the context
// (population cycles, popularity, neighbour table) and the coupons computed by one rank alone
// (MPI_COMM_SELF) equal those computed with the households split over all ranks, bit for bit,
// whatever the pair batch size; rows after the as-of day change nothing.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#include "engine/partition.hpp"
#include "jobs/cluster/comm.hpp"
#include "jobs/score/pipeline.hpp"
#include "tests/engine/history_builder.hpp"

using namespace basketgap;
using engine::HistoryBlock;
using engine::ScoreConfig;
using engine::ScoringContext;

namespace {
constexpr std::int32_t kAsOf = 100;
constexpr std::int64_t kProducts = 23;
constexpr std::int64_t kHouseholds = 61;

using basketgap::testing::Row;  // (day, basket ordinal within the household, product)
using Histories = std::vector<std::vector<Row>>;

std::uint64_t splitmix(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// Deterministic shopping histories over days 1..~140 (some after kAsOf): households with no
// rows, households whose rows all come after the as-of day, same-day baskets, skewed products.
Histories make_histories() {
  Histories out(kHouseholds);
  std::uint64_t state = 2024;
  for (std::int64_t h = 0; h < kHouseholds; ++h) {
    const int baskets = static_cast<int>(splitmix(state) % 16);
    std::int32_t day = h % 11 == 5 ? kAsOf + 3 : 1 + static_cast<std::int32_t>(splitmix(state) % 50);
    const auto favourite = static_cast<std::int32_t>(splitmix(state) % kProducts);
    for (int b = 0; b < baskets; ++b) {
      std::vector<std::int32_t> items{favourite};
      const int size = 1 + static_cast<int>(splitmix(state) % 6);
      for (int i = 0; i < size; ++i) {
        const double u = static_cast<double>(splitmix(state) >> 11) * 0x1.0p-53;
        items.push_back(static_cast<std::int32_t>(u * u * kProducts));
      }
      std::sort(items.begin(), items.end());
      items.erase(std::unique(items.begin(), items.end()), items.end());
      for (std::int32_t p : items) out[h].push_back({day, b, p});
      day += static_cast<std::int32_t>(splitmix(state) % 12);  // 0: a second basket that day
    }
  }
  return out;
}

HistoryBlock to_block(const Histories& histories, std::int64_t begin, std::int64_t end) {
  HistoryBlock b;  // days from 0
  b.first_household = begin;
  for (std::int64_t h = begin; h < end; ++h) basketgap::testing::append_household(b, histories[h]);
  return b;
}

// This rank's share of the households, balanced by rows like the jobs do.
engine::Range my_range(const Histories& histories, const Comm& comm) {
  const HistoryBlock all = to_block(histories, 0, static_cast<std::int64_t>(histories.size()));
  return engine::balance_by_rows(all.offsets, comm.size())[comm.rank()];
}

ScoreConfig small_config() {
  ScoreConfig c;
  c.k = 5;
  c.similarity_window_days = 60;
  c.popularity_window_days = 30;
  c.max_products_per_household = 6;
  c.neighbours = 4;
  c.min_co_households = 2;
  c.cross_sell_candidates = 4;
  c.popular_candidates = 3;
  return c;
}

void expect_same_context(const ScoringContext& a, const ScoringContext& b) {
  EXPECT_EQ(a.as_of, b.as_of);
  EXPECT_EQ(a.households, b.households);
  EXPECT_EQ(a.population_cycle, b.population_cycle);
  EXPECT_EQ(a.recent_households, b.recent_households);
  EXPECT_EQ(a.repeat_rate, b.repeat_rate);
  EXPECT_EQ(a.missed_sales, b.missed_sales);
  EXPECT_EQ(a.popular, b.popular);
  EXPECT_EQ(a.neighbours.offsets, b.neighbours.offsets);
  EXPECT_EQ(a.neighbours.neighbour, b.neighbours.neighbour);
  EXPECT_EQ(a.neighbours.similarity, b.neighbours.similarity);
  EXPECT_EQ(a.successor, b.successor);
}

// Every rank's coupons concatenated in rank order (= household order), on every rank.
struct AllCoupons {
  std::vector<std::int32_t> product, source;
  std::vector<float> score;
  std::vector<std::uint8_t> reason;
  std::vector<std::int64_t> household;
};
AllCoupons gather(const ScoringOutput& out, std::int64_t first_household, const Comm& comm) {
  AllCoupons all;
  all.product = comm.allgatherv<std::int32_t>(out.coupons.product);
  all.source = comm.allgatherv<std::int32_t>(out.coupons.source);
  all.score = comm.allgatherv<float>(out.coupons.score);
  all.reason = comm.allgatherv<std::uint8_t>(out.coupons.reason);
  std::vector<std::int64_t> global;
  for (std::int64_t h : out.eligible) global.push_back(first_household + h);
  all.household = comm.allgatherv<std::int64_t>(global);
  return all;
}

ScoringOutput score(const HistoryBlock& block, const std::vector<std::int64_t>& ids, std::int64_t products,
                    const ScoreConfig& config, const Comm& comm) {
  ScoringInput in;
  in.block = &block;
  in.household_ids = &ids;
  in.products = products;
  in.as_of = kAsOf;
  return run_scoring(in, config, comm);
}

std::vector<std::int64_t> external_ids(std::int64_t begin, std::int64_t end) {
  std::vector<std::int64_t> ids;
  for (std::int64_t h = begin; h < end; ++h) ids.push_back(1000 + 7 * h);
  return ids;
}
}  // namespace

TEST(ScoreContext, SyntheticHistoriesAreNotTrivial) {
  const Histories histories = make_histories();
  const HistoryBlock all = to_block(histories, 0, kHouseholds);
  const ScoringContext c = build_context(all, kAsOf, kProducts, small_config(), Comm(MPI_COMM_SELF));
  EXPECT_GT(c.households, 30);
  EXPECT_LT(c.households, kHouseholds);  // some have no history as of the day
  EXPECT_GT(c.neighbours.neighbour.size(), 20u);
  EXPECT_GE(c.popular.size(), 5u);
  EXPECT_GT(
      std::count_if(c.population_cycle.begin(), c.population_cycle.end(), [](double x) { return x > 0; }), 5);
}

TEST(ScoreContext, OneRankEqualsAllRanksForEveryMeasureAndBatchSize) {
  const Comm world;
  const Histories histories = make_histories();
  const HistoryBlock all = to_block(histories, 0, kHouseholds);
  const engine::Range mine = my_range(histories, world);
  const HistoryBlock part = to_block(histories, mine.begin, mine.end);
  for (const auto measure : {engine::SimilarityMeasure::cosine, engine::SimilarityMeasure::jaccard,
                             engine::SimilarityMeasure::llr}) {
    // 4,000,000: the windows are gathered on every rank; 7 and 1: pair counts are routed.
    for (const std::int64_t batch : {std::int64_t{4'000'000}, std::int64_t{7}, std::int64_t{1}}) {
      SCOPED_TRACE(::testing::Message() << engine::similarity_name(measure) << " pair_batch " << batch);
      ScoreConfig config = small_config();
      config.measure = measure;
      config.pair_batch = batch;
      const ScoringContext alone = build_context(all, kAsOf, kProducts, config, Comm(MPI_COMM_SELF));
      const ScoringContext split = build_context(part, kAsOf, kProducts, config, world);
      expect_same_context(alone, split);
    }
  }
}

TEST(ScoreContext, MissedSalesCountTheShopsSalesOverEveryRank) {
  // The shop sells on days 1, 3, 5 and 10 (as of day 10), and 11 and 12. Product 0: household 0
  // on days 1 and 3, household 1 on day 5 (3 purchase days in 4 selling days, silent 1 of them
  // as of day 10): log1p(1 x 3 / 4). Product 1: household 1 on day 10 alone (missed none).
  // Product 2: bought only after the as-of day (never sold as of it). One household a rank at
  // most: the first and last days and the selling days are reduced over the ranks.
  const Comm world;
  const Histories three = {{{1, 0, 0}, {3, 1, 0}}, {{5, 0, 0}, {10, 1, 1}}, {{11, 0, 2}, {12, 1, 0}}};
  const std::int64_t begin = std::min<std::int64_t>(world.rank(), 3);
  const std::int64_t end = world.rank() + 1 == world.size() ? 3 : std::min<std::int64_t>(world.rank() + 1, 3);
  const HistoryBlock part = to_block(three, begin, end);
  ScoreConfig config = small_config();
  config.min_co_households = 1;
  const ScoringContext c = build_context(part, 10, 3, config, world);
  ASSERT_EQ(c.missed_sales.size(), 3u);
  EXPECT_DOUBLE_EQ(c.missed_sales[0], std::log1p(1.0 * 3.0 / 4.0));
  EXPECT_EQ(c.missed_sales[1], 0.0);
  EXPECT_EQ(c.missed_sales[2], 0.0);
  // As of day 15 with no rows after day 12 (a stale store): the same as of day 12.
  EXPECT_EQ(build_context(part, 15, 3, config, world).missed_sales,
            build_context(part, 12, 3, config, world).missed_sales);
  EXPECT_GT(build_context(part, 12, 3, config, world).missed_sales[1], 0.0);  // silent since 10
}

TEST(ScoreContext, ARelaunchedProductIsFoundAlikeOnEveryRank) {
  // Product 0 is sold until day 30 to 12 regulars (days 10, 20, 30); product 5 is launched on
  // day 31 and 10 of them buy it on days 35 and 45. 400 other households buy product 1 every 5
  // days and none buys 5: the regulars took it up far more than the shop (engine/successors.hpp).
  const Comm world;
  Histories shop;
  for (int h = 0; h < 12; ++h) {
    std::vector<Row> rows{{1, 0, 3}, {10, 1, 0}, {20, 2, 0}, {30, 3, 0}};
    if (h < 10) rows.insert(rows.end(), {{35, 4, 5}, {45, 5, 5}});
    rows.push_back({48, 6, 3});
    shop.push_back(rows);
  }
  for (int h = 0; h < 400; ++h) {
    std::vector<Row> rows;
    for (int b = 0; b < 10; ++b) rows.push_back({1 + 5 * b + h % 5, b, 1});
    shop.push_back(rows);
  }
  const auto households = static_cast<std::int64_t>(shop.size());
  const HistoryBlock all = to_block(shop, 0, households);
  const engine::Range mine = my_range(shop, world);
  const HistoryBlock part = to_block(shop, mine.begin, mine.end);
  const ScoreConfig config = small_config();
  const ScoringContext alone = build_context(all, 50, 8, config, Comm(MPI_COMM_SELF));
  const ScoringContext split = build_context(part, 50, 8, config, world);
  expect_same_context(alone, split);
  EXPECT_EQ(alone.successor, (std::vector<std::int32_t>{5, -1, -1, -1, -1, -1, -1, -1}));
  // Product 0 is not sold any more: no household's popular, category or cross-sell candidate.
  EXPECT_EQ(std::count(alone.popular.begin(), alone.popular.end(), 0), 0);
  EXPECT_EQ(alone.recent_households[0], 0);
  EXPECT_EQ(std::count(alone.neighbours.neighbour.begin(), alone.neighbours.neighbour.end(), 0), 0);
  // Before the launch nothing is silent long enough; with the option off nothing is looked for.
  EXPECT_TRUE(build_context(part, 33, 8, config, world).successor.empty());
  ScoreConfig off = config;
  off.successors = false;
  EXPECT_TRUE(build_context(part, 50, 8, off, world).successor.empty());
}

TEST(ScoreContext, RanksWithoutHouseholdsTakePart) {
  // Two households for any number of ranks: most ranks have an empty block.
  const Comm world;
  const Histories histories = make_histories();
  const Histories two(histories.begin() + 1, histories.begin() + 3);
  const HistoryBlock all = to_block(two, 0, 2);
  const std::int64_t begin = std::min<std::int64_t>(world.rank(), 2);
  const std::int64_t end = world.rank() + 1 == world.size() ? 2 : std::min<std::int64_t>(world.rank() + 1, 2);
  const HistoryBlock part = to_block(two, begin, end);
  ScoreConfig config = small_config();
  config.min_co_households = 1;
  expect_same_context(build_context(all, kAsOf, kProducts, config, Comm(MPI_COMM_SELF)),
                      build_context(part, kAsOf, kProducts, config, world));
}

TEST(ScoreContext, CouponsOfOneRankEqualCouponsOfAllRanks) {
  const Comm world;
  const Comm self(MPI_COMM_SELF);
  const Histories histories = make_histories();
  const HistoryBlock all = to_block(histories, 0, kHouseholds);
  const auto all_ids = external_ids(0, kHouseholds);
  const engine::Range mine = my_range(histories, world);
  const HistoryBlock part = to_block(histories, mine.begin, mine.end);
  const auto part_ids = external_ids(mine.begin, mine.end);
  for (const bool learn : {true, false}) {
    SCOPED_TRACE(learn ? "learned blend" : "default blend");
    ScoreConfig config = small_config();
    config.learn_blend = learn;
    config.validation_window_days = 20;
    const ScoringOutput alone = score(all, all_ids, kProducts, config, self);
    const ScoringOutput split = score(part, part_ids, kProducts, config, world);
    const AllCoupons a = gather(alone, 0, self), b = gather(split, mine.begin, world);
    EXPECT_EQ(a.household, b.household);
    EXPECT_EQ(a.product, b.product);
    EXPECT_EQ(a.source, b.source);
    EXPECT_EQ(a.reason, b.reason);
    EXPECT_EQ(a.score, b.score);
    EXPECT_EQ(std::memcmp(alone.model.weights.data(), split.model.weights.data(),
                          sizeof(double) * engine::kFeatureCount),
              0);
    EXPECT_EQ(alone.model.learned, split.model.learned);
    // Every eligible household has K products, no empty slot.
    EXPECT_EQ(std::count(b.product.begin(), b.product.end(), -1), 0);
    EXPECT_EQ(b.product.size(), b.household.size() * static_cast<std::size_t>(config.k));
  }
}

TEST(ScoreContext, RowsAfterAsOfChangeNothing) {
  // Later rows for existing households, a new household, a new product (index kProducts).
  const Comm world;
  const Histories histories = make_histories();
  Histories later = histories;
  for (std::int64_t h = 0; h < kHouseholds; h += 3) {
    const std::int32_t basket = later[h].empty() ? 0 : later[h].back().basket + 1;
    const std::int32_t day = std::max(kAsOf, later[h].empty() ? 0 : later[h].back().day) + 1;
    later[h].push_back({day, basket, static_cast<std::int32_t>(h % kProducts)});
    later[h].push_back({day, basket, static_cast<std::int32_t>(kProducts)});
  }
  later.push_back({{kAsOf + 1, 0, 2}, {kAsOf + 1, 0, static_cast<std::int32_t>(kProducts)}});
  const std::int64_t households = static_cast<std::int64_t>(later.size());

  const engine::Range a_range = my_range(histories, world);
  const engine::Range b_range = my_range(later, world);
  const HistoryBlock a = to_block(histories, a_range.begin, a_range.end);
  const HistoryBlock b = to_block(later, b_range.begin, b_range.end);
  const ScoreConfig config = small_config();
  const ScoringOutput before = score(a, external_ids(a_range.begin, a_range.end), kProducts, config, world);
  const ScoringOutput after =
      score(b, external_ids(b_range.begin, b_range.end), kProducts + 1, config, world);
  const AllCoupons x = gather(before, a_range.begin, world), y = gather(after, b_range.begin, world);
  EXPECT_EQ(x.household, y.household);
  EXPECT_EQ(x.product, y.product);
  EXPECT_EQ(x.source, y.source);
  EXPECT_EQ(x.reason, y.reason);
  EXPECT_EQ(x.score, y.score);
  EXPECT_LT(static_cast<std::int64_t>(y.household.size()), households);
}
