// Kernel benchmarks on a synthetic block of households (no I/O): purchase-gap
// summary, pair counting for the similarity, candidate building + blend +
// selection per household, and the blend fit's Newton sums per sample.
//   cmake -S . -B build/bench -DCMAKE_BUILD_TYPE=Release
//   -DBASKETGAP_BUILD_BENCH=ON cmake --build build/bench --target kernel_bench
//   && build/bench/bench/kernel_bench
#include <benchmark/benchmark.h>

#include <random>

#include "engine/candidates.hpp"
#include "engine/co_occurrence.hpp"
#include "engine/item_similarity.hpp"
#include "engine/logistic_sums.hpp"
#include "engine/purchase_gap.hpp"
#include "engine/select.hpp"

namespace {

using namespace basketgap::engine;

constexpr std::int32_t kProducts = 20000;
constexpr std::int32_t kAsOf = 700;

// Households of ~50 baskets of ~7 products over 700 days, Zipf-like product
// popularity.
HistoryBlock synthetic_block(std::int64_t households) {
  std::mt19937_64 rng(7);
  HistoryBlock b;
  for (std::int64_t h = 0; h < households; ++h) {
    const int baskets = 10 + static_cast<int>(rng() % 80);
    std::vector<std::int32_t> repertoire(60);
    for (auto& p : repertoire) p = static_cast<std::int32_t>((rng() % 1000) * (rng() % 20)) % kProducts;
    std::int32_t day = 1;
    for (int k = 0; k < baskets; ++k) {
      day += 1 + static_cast<std::int32_t>(rng() % 14);
      const int items = 3 + static_cast<int>(rng() % 9);
      for (int i = 0; i < items; ++i)
        b.add_row(std::min(day, 711), repertoire[rng() % repertoire.size()], i == 0);
    }
    b.end_household();
  }
  return b;
}

const HistoryBlock& block() {
  static const HistoryBlock b = synthetic_block(2000);
  return b;
}

void BM_SummarizeHousehold(benchmark::State& state) {
  const ScoreConfig config;
  std::vector<ProductHistory> out;
  PurchaseGapScratch scratch;
  std::int64_t h = 0;
  for (auto _ : state) {
    summarize_household(block(), h, kAsOf, config, out, scratch);
    benchmark::DoNotOptimize(out.data());
    h = (h + 1) % block().households();
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SummarizeHousehold);

void BM_CountPairs(benchmark::State& state) {
  const ScoreConfig config;
  std::vector<std::int32_t> window;
  for (auto _ : state) {
    WindowSet windows;
    for (std::int64_t h = 0; h < 200; ++h) {
      window_products(block(), h, kAsOf, config, window);
      windows.add(window);
    }
    const ProductPostings postings = postings_of(windows, kProducts);
    benchmark::DoNotOptimize(co_occurrence_rows(windows, postings, 0, kProducts));
  }
  state.SetItemsProcessed(state.iterations() * 200);  // households
}
BENCHMARK(BM_CountPairs);

// The first 200 households' similarity windows, their postings and each product's buyers.
struct SimilarityInputs {
  WindowSet windows;
  ProductPostings postings;
  std::vector<std::int64_t> buyers;
};
SimilarityInputs similarity_inputs(const ScoreConfig& config) {
  SimilarityInputs in;
  std::vector<std::int32_t> window;
  for (std::int64_t h = 0; h < 200; ++h) {
    window_products(block(), h, kAsOf, config, window);
    in.windows.add(window);
  }
  in.postings = postings_of(in.windows, kProducts);
  in.buyers.assign(kProducts, 0);
  for (const std::int32_t p : in.windows.products) ++in.buyers[p];
  return in;
}

// The same windows' top neighbours as one rank (or a gathered owner) takes them: each row
// counted whole and its top-k taken from the count vector, no pair list (jobs/score/context).
void BM_TopNeighboursWithoutPairList(benchmark::State& state) {
  const ScoreConfig config;
  const SimilarityInputs in = similarity_inputs(config);
  for (auto _ : state)
    benchmark::DoNotOptimize(top_neighbours_of_owned(in.windows, in.postings, 0, 1, in.buyers, 200, config));
  state.SetItemsProcessed(state.iterations() * 200);  // households
}
BENCHMARK(BM_TopNeighboursWithoutPairList);

// The routed way's work for the same windows: the pair list, then its top-k.
void BM_TopNeighboursFromPairList(benchmark::State& state) {
  const ScoreConfig config;
  const SimilarityInputs in = similarity_inputs(config);
  for (auto _ : state)
    benchmark::DoNotOptimize(
        top_neighbours(co_occurrence_rows(in.windows, in.postings, 0, kProducts), in.buyers, 200, config));
  state.SetItemsProcessed(state.iterations() * 200);  // households
}
BENCHMARK(BM_TopNeighboursFromPairList);

// A scoring context over the synthetic block: flat cycles, 100 popular products, 10
// neighbours per product.
ScoringContext synthetic_context(const ScoreConfig& config) {
  ScoringContext context;
  context.as_of = kAsOf;
  context.households = block().households();
  context.population_cycle.assign(kProducts, 14.0);
  context.recent_households.assign(kProducts, 1);
  for (std::int32_t p = 0; p < 100; ++p) context.recent_households[p] = 1000 - p;
  context.popular = most_popular(context.recent_households, 24);
  std::vector<Neighbour> neighbours;
  for (std::int32_t p = 0; p < kProducts; ++p)
    for (std::int32_t n = 1; n <= config.neighbours; ++n)
      neighbours.push_back({p, (p * 7 + n * 131) % kProducts, 1.0f / n});
  context.neighbours = build_neighbour_table(neighbours, kProducts);
  return context;
}

void BM_CandidatesAndSelect(benchmark::State& state) {
  const ScoreConfig config;
  const ScoringContext context = synthetic_context(config);
  const BlendModel model = BlendModel::defaults();
  CouponTable table(config.k, 1);
  CandidateScratch scratch;
  std::vector<Candidate> candidates;
  std::int64_t h = 0;
  for (auto _ : state) {
    build_candidates(block(), h, context, config, candidates, scratch);
    for (Candidate& c : candidates) c.score = model.probability(c.features);
    select_coupons(candidates, context, config, table, 0);
    benchmark::DoNotOptimize(table.product.data());
    h = (h + 1) % block().households();
  }
  state.SetItemsProcessed(state.iterations());  // households
}
BENCHMARK(BM_CandidatesAndSelect);

// One Newton step's sums (the blend's fit) over the candidates of 500 households, packed as
// the fit keeps them; about one candidate in 30 bought.
void BM_NewtonSums(benchmark::State& state) {
  const ScoreConfig config;
  const ScoringContext context = synthetic_context(config);
  CandidateScratch scratch;
  std::vector<Candidate> candidates;
  std::vector<float> values;
  std::vector<std::uint32_t> masks;
  std::vector<std::uint8_t> labels;
  std::vector<std::size_t> group_end, values_end;
  std::mt19937 rng(3);
  for (std::int64_t h = 0; h < 500; ++h) {
    build_candidates(block(), h, context, config, candidates, scratch);
    for (const Candidate& c : candidates) {
      float dense[kFeatureCount];
      for (int i = 0; i < kFeatureCount; ++i) dense[i] = static_cast<float>(c.features[i]);
      masks.push_back(pack_features(dense, values));
      labels.push_back(rng() % 30 == 0);
    }
    group_end.push_back(labels.size());
    values_end.push_back(values.size());
  }
  BlendModel model = BlendModel::defaults();
  for (int i = 0; i < kFeatureCount; ++i) model.weights[i] += 0.05 * ((i % 5) - 2);
  for (auto _ : state) {
    LogisticSums sums;
    for (std::size_t g = 0; g < group_end.size(); ++g) {
      const std::size_t begin = g == 0 ? 0 : group_end[g - 1], first = g == 0 ? 0 : values_end[g - 1];
      sums.add_group(std::span<const float>(values).subspan(first, values_end[g] - first),
                     std::span<const std::uint32_t>(masks).subspan(begin, group_end[g] - begin),
                     std::span<const std::uint8_t>(labels).subspan(begin, group_end[g] - begin), model,
                     false);
    }
    benchmark::DoNotOptimize(sums.hessian.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(labels.size()));  // samples
}
BENCHMARK(BM_NewtonSums);

}  // namespace

BENCHMARK_MAIN();
