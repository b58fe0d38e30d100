// Global statistics as of one day: population cycles, popularity, and the item-similarity
// neighbour table. Counts are integers reduced with MPI_Allreduce (exact, order-free); pair
// counts are routed to the rank owning the first product with MPI_Alltoallv in batches.
#include <spdlog/spdlog.h>
#include <tbb/combinable.h>
#include <tbb/parallel_for.h>

#include "engine/item_similarity.hpp"
#include "engine/purchase_gap.hpp"
#include "jobs/comm.hpp"
#include "jobs/progress.hpp"
#include "jobs/score_pipeline.hpp"
#include "jobs/signals.hpp"

namespace basketgap {
namespace {

using engine::HistoryBlock;
using engine::PairCount;
using engine::ScoreConfig;

struct ProductCounts {
  engine::CycleSums cycles;
  std::vector<std::int64_t> recent_buyers, window_buyers;
  std::int64_t households = 0;
  explicit ProductCounts(std::size_t products)
      : cycles(products), recent_buyers(products, 0), window_buyers(products, 0) {}
};

ProductCounts count_products(const HistoryBlock& block, std::int32_t as_of, std::int64_t products,
                             const ScoreConfig& config) {
  tbb::combinable<ProductCounts> partial([&] { return ProductCounts(products); });
  tbb::parallel_for(tbb::blocked_range<std::int64_t>(0, block.households(), 256),
                    [&](const tbb::blocked_range<std::int64_t>& range) {
                      ProductCounts& mine = partial.local();
                      std::vector<engine::ProductHistory> history;
                      std::vector<std::uint64_t> scratch;
                      std::vector<std::int32_t> window;
                      for (std::int64_t h = range.begin(); h < range.end(); ++h) {
                        engine::summarize_household(block, h, as_of, config, history, scratch);
                        if (history.empty()) continue;
                        ++mine.households;
                        for (const auto& p : history) {
                          mine.cycles.add(p);
                          if (p.last_day > as_of - config.popularity_window_days) ++mine.recent_buyers[p.product];
                        }
                        engine::window_products(block, h, as_of, config, window);
                        for (auto p : window) ++mine.window_buyers[p];
                      }
                    });
  ProductCounts total(products);
  partial.combine_each([&](const ProductCounts& c) {
    for (std::int64_t p = 0; p < products; ++p) {
      total.cycles.gap_days[p] += c.cycles.gap_days[p];
      total.cycles.gap_count[p] += c.cycles.gap_count[p];
      total.recent_buyers[p] += c.recent_buyers[p];
      total.window_buyers[p] += c.window_buyers[p];
    }
    total.households += c.households;
  });
  return total;
}

// Counts this rank's pairs in batches, routes them to owners (product % ranks) and returns
// the owned pair counts, sorted and summed.
std::vector<PairCount> owned_pair_counts(const HistoryBlock& block, std::int32_t as_of,
                                         const ScoreConfig& config, const Comm& comm) {
  std::vector<PairCount> owned;
  std::size_t compacted_size = 0;
  std::vector<std::uint64_t> keys;
  std::vector<std::int32_t> window;
  std::int64_t next = 0;
  const int ranks = comm.size();
  Progress progress("score/similarity", static_cast<std::uint64_t>(block.households()),
                    "households", comm.is_root());
  while (true) {
    keys.clear();
    while (next < block.households() && static_cast<std::int64_t>(keys.size()) < config.pair_batch) {
      engine::window_products(block, next++, as_of, config, window);
      engine::append_pairs(window, keys);
    }
    if (!comm.any(!keys.empty())) break;
    throw_if_stop_requested_on_any_rank("score/similarity", comm);
    std::vector<PairCount> counts = engine::count_keys(keys);
    // Group by owner: stable partition by (first product % ranks).
    std::vector<std::int64_t> per_rank(ranks, 0);
    for (const auto& c : counts) ++per_rank[engine::pair_first(c.key) % ranks];
    std::vector<std::int64_t> cursor(ranks, 0);
    for (int r = 1; r < ranks; ++r) cursor[r] = cursor[r - 1] + per_rank[r - 1];
    std::vector<PairCount> send(counts.size());
    for (const auto& c : counts) send[cursor[engine::pair_first(c.key) % ranks]++] = c;
    const std::vector<PairCount> received = comm.alltoallv<PairCount>(send, per_rank);
    owned.insert(owned.end(), received.begin(), received.end());
    if (owned.size() > 2 * compacted_size + (1u << 20)) {
      engine::compact_counts(owned);
      compacted_size = owned.size();
    }
    progress.update(static_cast<std::uint64_t>(next));
  }
  engine::compact_counts(owned);
  progress.finish(static_cast<std::uint64_t>(next));
  return owned;
}

}  // namespace

engine::ScoringContext build_context(const HistoryBlock& block, std::int32_t as_of,
                                     std::int64_t products, const ScoreConfig& config,
                                     const Comm& comm) {
  engine::ScoringContext context;
  context.as_of = as_of;
  ProductCounts counts = count_products(block, as_of, products, config);
  comm.allreduce_inplace<std::int64_t>(counts.cycles.gap_days, ReduceOp::sum);
  comm.allreduce_inplace<std::int64_t>(counts.cycles.gap_count, ReduceOp::sum);
  comm.allreduce_inplace<std::int64_t>(counts.recent_buyers, ReduceOp::sum);
  comm.allreduce_inplace<std::int64_t>(counts.window_buyers, ReduceOp::sum);
  context.households = comm.allreduce(counts.households, ReduceOp::sum);
  context.population_cycle.resize(products);
  for (std::int64_t p = 0; p < products; ++p)
    context.population_cycle[p] = counts.cycles.cycle(static_cast<std::int32_t>(p));
  context.recent_households = std::move(counts.recent_buyers);
  context.popular = engine::most_popular(
      context.recent_households,
      static_cast<std::size_t>(config.k + config.popular_candidates));

  const std::vector<PairCount> owned = owned_pair_counts(block, as_of, config, comm);
  const std::vector<engine::Neighbour> mine =
      engine::top_neighbours(owned, counts.window_buyers, context.households, config);
  context.neighbours = engine::build_neighbour_table(comm.allgatherv<engine::Neighbour>(mine),
                                                     static_cast<std::size_t>(products));
  return context;
}

}  // namespace basketgap
