// Global statistics as of one day: population cycles, popularity, products missing from the
// shelf, products relaunched under a new id (successor_map), and the item-similarity neighbour
// table. Counts are integers summed across ranks (exact, order-free). The similarity's
// household windows are gathered on every rank, each counting the pairs of its own product
// range; windows past `pair_batch` are counted where they are and the pair counts routed to
// the rank owning the first product, in batches.
#include <spdlog/spdlog.h>
#include <tbb/combinable.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <limits>
#include <stdexcept>

#include "engine/co_occurrence.hpp"
#include "engine/item_similarity.hpp"
#include "engine/missed_sales.hpp"
#include "engine/purchase_gap.hpp"
#include "engine/successors.hpp"
#include "jobs/cluster/comm.hpp"
#include "jobs/cluster/progress.hpp"
#include "jobs/cluster/signals.hpp"
#include "jobs/score/household_sample.hpp"
#include "jobs/score/pipeline.hpp"
#include "jobs/score/successor_map.hpp"
#include "jobs/score/training_set.hpp"

namespace basketgap {
namespace {

using engine::HistoryBlock;
using engine::PairCount;
using engine::ScoreConfig;

// One product's counts in a thread's pass, side by side: the per-product arrays of
// PopulationCounts cost a cache miss each a span (tables of products x 8 bytes each, larger
// than the cache); this costs one or two (40 bytes: some straddle two lines).
struct ProductTally {
  std::int64_t buyers = 0, gap_days = 0, gap_count = 0, recent_buyers = 0;
  std::int32_t first_sale = std::numeric_limits<std::int32_t>::max();
  std::int32_t last_sale = std::numeric_limits<std::int32_t>::min();
};

// A thread's counts as of one day.
struct DayTally {
  std::vector<ProductTally> products;
  std::int64_t households = 0;
  std::int64_t most_products = 0;  // the most distinct products one household bought
};

}  // namespace

std::vector<PopulationCounts> count_population(const HistoryBlock& block, std::span<const std::int32_t> days,
                                               std::int64_t products, const ScoreConfig& config) {
  // purchase_spans walks the days in step with the rows: out of order, it would count wrong.
  if (!std::is_sorted(days.begin(), days.end()))
    throw std::logic_error("count_population: the days must be ascending");
  using Tallies = std::vector<DayTally>;  // per day
  const auto fresh = [&] {
    return Tallies(days.size(), DayTally{std::vector<ProductTally>(static_cast<std::size_t>(products)), 0});
  };
  tbb::combinable<Tallies> partial(fresh);
  struct Scratch {
    std::vector<std::vector<engine::PurchaseSpan>> spans;
    std::vector<std::int32_t> slot;  // product-indexed
  };
  tbb::enumerable_thread_specific<Scratch> scratches;
  tbb::parallel_for(tbb::blocked_range<std::int64_t>(0, block.households(), 256),
                    [&](const tbb::blocked_range<std::int64_t>& range) {
                      Tallies& mine = partial.local();
                      Scratch& scratch = scratches.local();
                      scratch.spans.resize(days.size());
                      for (std::int64_t h = range.begin(); h < range.end(); ++h) {
                        engine::purchase_spans(block, h, days, scratch.spans, scratch.slot);
                        for (std::size_t d = 0; d < days.size(); ++d) {
                          if (scratch.spans[d].empty()) continue;
                          ++mine[d].households;
                          mine[d].most_products =
                              std::max<std::int64_t>(mine[d].most_products, scratch.spans[d].size());
                          const std::int32_t recent_after = days[d] - config.popularity_window_days;
                          ProductTally* const tally = mine[d].products.data();
                          // The tallies (40 bytes a product, a table larger than L2) in the
                          // household's first-purchase order: asked for a few spans ahead.
                          const std::vector<engine::PurchaseSpan>& spans = scratch.spans[d];
                          constexpr std::size_t kAhead = 8;
                          for (std::size_t i = 0; i < std::min(kAhead, spans.size()); ++i)
                            __builtin_prefetch(tally + spans[i].product);
                          for (std::size_t i = 0; i < spans.size(); ++i) {
                            if (i + kAhead < spans.size())
                              __builtin_prefetch(tally + spans[i + kAhead].product);
                            const engine::PurchaseSpan& p = spans[i];
                            ProductTally& t = tally[p.product];
                            const engine::CycleSums::Terms terms = engine::CycleSums::terms(p);
                            ++t.buyers;
                            t.gap_days += terms.gap_days;
                            t.gap_count += terms.gap_count;
                            t.recent_buyers += p.last_day > recent_after;
                            t.first_sale = std::min(t.first_sale, p.first_day);
                            t.last_sale = std::max(t.last_sale, p.last_day);
                          }
                        }
                      }
                    });
  std::vector<PopulationCounts> total;
  for (std::size_t d = 0; d < days.size(); ++d) total.emplace_back(products);
  partial.combine_each([&](const Tallies& part) {
    for (std::size_t d = 0; d < days.size(); ++d) {
      PopulationCounts& t = total[d];
      for (std::int64_t p = 0; p < products; ++p) {
        const ProductTally& c = part[d].products[static_cast<std::size_t>(p)];
        t.cycles.gap_days[p] += c.gap_days;
        t.cycles.gap_count[p] += c.gap_count;
        t.cycles.buyers[p] += c.buyers;
        t.recent_buyers[p] += c.recent_buyers;
        t.sales.add(static_cast<std::size_t>(p), c.first_sale, c.last_sale);
      }
      t.households += part[d].households;
      t.most_products = std::max(t.most_products, part[d].most_products);
    }
  });
  return total;
}

namespace {

// The similarity's household sample: its own seed, not a fold's.
constexpr std::uint64_t kSimilaritySampleSeed = 0x51a1;

// The window products of this rank's sampled households; `window_buyers` gets
// the sampled households per product and `sampled` their number (local counts).
engine::WindowSet sampled_windows(const HistoryBlock& block, std::int32_t as_of, const ScoreConfig& config,
                                  const std::vector<std::int64_t>* ids, const HouseholdSample& sample,
                                  std::vector<std::int64_t>& window_buyers, std::int64_t& sampled) {
  // Households in fixed chunks on every core, concatenated in household order.
  const std::int64_t chunk = 4096;
  const std::int64_t chunks = (block.households() + chunk - 1) / chunk;
  std::vector<engine::WindowSet> parts(static_cast<std::size_t>(chunks));
  tbb::parallel_for(std::int64_t{0}, chunks, [&](std::int64_t c) {
    std::vector<std::int32_t> window;
    for (std::int64_t h = c * chunk; h < std::min(block.households(), (c + 1) * chunk); ++h) {
      if (ids && !sample.includes((*ids)[h])) continue;
      engine::window_products(block, h, as_of, config, window);
      if (!window.empty()) parts[static_cast<std::size_t>(c)].add(window);
    }
  });
  engine::WindowSet windows;
  for (const engine::WindowSet& part : parts)
    for (std::int64_t i = 0; i < part.households(); ++i) {
      const std::span<const std::int32_t> window(
          part.products.data() + part.offsets[i],
          static_cast<std::size_t>(part.offsets[i + 1] - part.offsets[i]));
      ++sampled;
      for (auto p : window) ++window_buyers[p];
      windows.add(window);
    }
  return windows;
}

// Every rank's windows, in rank order.
engine::WindowSet gather_windows(const engine::WindowSet& local, const Comm& comm) {
  std::vector<std::int64_t> sizes;
  for (std::int64_t h = 0; h < local.households(); ++h)
    sizes.push_back(local.offsets[h + 1] - local.offsets[h]);
  const std::vector<std::int64_t> all_sizes = comm.allgatherv<std::int64_t>(sizes);
  engine::WindowSet all;
  all.products = comm.allgatherv<std::int32_t>(local.products);
  for (const std::int64_t size : all_sizes) all.offsets.push_back(all.offsets.back() + size);
  return all;
}

// The top neighbours of the products this rank owns (product % ranks).
// - Windows small enough to hold on every rank (within one routing round's memory; the default
//   sample's are ~10 MB) are gathered, and each rank counts its products' rows completely.
// - Else pair counts are made per product range on every rank, routed to the owners with
//   MPI_Alltoallv and merged there; ranges hold at most about `pair_batch` pairs, so memory is
//   bounded whatever the data.
// Both give the same neighbours. The routed pairs cost a small shop half its scoring time.
std::vector<engine::Neighbour> owned_neighbours(const engine::WindowSet& windows, std::int64_t products,
                                                std::span<const std::int64_t> window_buyers,
                                                std::int64_t sampled, const ScoreConfig& config,
                                                const Comm& comm) {
  Progress progress("score/similarity", static_cast<std::uint64_t>(products), "products", comm.is_root());
  throw_if_stop_requested_on_any_rank("score/similarity", comm);
  const int ranks = comm.size();
  // The gathered windows and their postings: 8 bytes a product bought, 8 a household.
  const auto gathered_bytes = comm.allreduce<std::int64_t>(
      8 * static_cast<std::int64_t>(windows.products.size() + windows.offsets.size()), ReduceOp::sum);
  if (ranks == 1 || gathered_bytes <= config.pair_batch * static_cast<std::int64_t>(sizeof(PairCount))) {
    engine::WindowSet gathered;
    if (ranks > 1) gathered = gather_windows(windows, comm);
    const engine::WindowSet& every = ranks > 1 ? gathered : windows;
    const engine::ProductPostings postings = engine::postings_of(every, static_cast<std::size_t>(products));
    // In slices, for the progress lines of a long stage (no collective inside: the ranks' slices
    // differ in number).
    const std::int32_t rows = engine::owned_rows(static_cast<std::int32_t>(products), comm.rank(), ranks);
    const std::int32_t slice = std::max<std::int32_t>(256, rows / 50);
    std::vector<engine::Neighbour> mine;
    for (std::int32_t row = 0; row < rows; row += slice) {
      const std::vector<engine::Neighbour> part =
          engine::top_neighbours_of_owned(every, postings, comm.rank(), ranks, window_buyers, sampled, config,
                                          row, std::min(rows, row + slice));
      mine.insert(mine.end(), part.begin(), part.end());
      progress.update(static_cast<std::uint64_t>(std::min(rows, row + slice)) *
                      static_cast<std::uint64_t>(ranks));
    }
    progress.finish(static_cast<std::uint64_t>(products));
    return mine;
  }
  const engine::ProductPostings postings = engine::postings_of(windows, static_cast<std::size_t>(products));
  // The same ranges on every rank: from the global bounds.
  std::vector<std::int64_t> bounds = engine::pair_bounds(windows, postings);
  comm.allreduce_inplace<std::int64_t>(bounds, ReduceOp::sum);
  std::vector<engine::Neighbour> mine;
  // Kept over the rounds: a buffer of pair_batch pairs is ~64 MB, and one allocated afresh each
  // round is a page fault per 4 KiB on first touch.
  std::vector<PairCount> counted, send, received, merged;
  std::int32_t first = 0;
  while (first < products) {
    std::int32_t last = first;
    std::int64_t pairs = 0;
    while (last < products && (last == first || pairs + bounds[last] <= config.pair_batch))
      pairs += bounds[last++];
    throw_if_stop_requested_on_any_rank("score/similarity", comm);
    engine::co_occurrence_rows(windows, postings, first, last, counted);
    // Group by owner; a stable partition keeps each owner's part sorted by key.
    std::vector<std::int64_t> per_rank(ranks, 0);
    for (const auto& c : counted) ++per_rank[engine::pair_first(c.key) % ranks];
    std::vector<std::int64_t> cursor(ranks, 0);
    for (int r = 1; r < ranks; ++r) cursor[r] = cursor[r - 1] + per_rank[r - 1];
    send.resize(counted.size());
    for (const auto& c : counted) send[cursor[engine::pair_first(c.key) % ranks]++] = c;
    std::vector<std::int64_t> received_per_rank;
    comm.alltoallv_into<PairCount>(send, per_rank, received, &received_per_rank);
    engine::merge_sorted_runs(received, received_per_rank, merged);
    const std::vector<engine::Neighbour> top = engine::top_neighbours(merged, window_buyers, sampled, config);
    mine.insert(mine.end(), top.begin(), top.end());
    first = last;
    progress.update(static_cast<std::uint64_t>(first));
  }
  progress.finish(static_cast<std::uint64_t>(products));
  return mine;
}

// Collective: the days with a row on any rank from the shop's first sale to `as_of` (`sales`
// already reduced, so the same on every rank).
engine::SellingDays selling_days(const HistoryBlock& block, const engine::SaleDays& sales, std::int32_t as_of,
                                 const Comm& comm) {
  const std::int32_t first = sales.first_sale();
  if (first > as_of) return {};
  std::vector<std::uint8_t> marks(static_cast<std::size_t>(as_of - first) + 1, 0);
  block.mark_days_with_rows(first, marks);
  comm.allreduce_inplace(std::span<std::uint8_t>(marks), ReduceOp::max);
  return engine::SellingDays(first, marks);
}

}  // namespace

engine::ScoringContext build_context(const HistoryBlock& block, std::int32_t as_of, std::int64_t products,
                                     const ScoreConfig& config, const Comm& comm,
                                     const std::vector<std::int64_t>* household_ids,
                                     PopulationCounts* counted) {
  engine::ScoringContext context;
  context.as_of = as_of;
  PopulationCounts counts =
      counted ? std::move(*counted)
              : std::move(count_population(block, std::span(&as_of, 1), products, config)[0]);
  comm.allreduce_inplace<std::int64_t>(counts.cycles.gap_days, ReduceOp::sum);
  comm.allreduce_inplace<std::int64_t>(counts.cycles.gap_count, ReduceOp::sum);
  comm.allreduce_inplace<std::int64_t>(counts.cycles.buyers, ReduceOp::sum);
  comm.allreduce_inplace<std::int64_t>(counts.recent_buyers, ReduceOp::sum);
  comm.allreduce_inplace<std::int32_t>(counts.sales.first_day, ReduceOp::min);
  comm.allreduce_inplace<std::int32_t>(counts.sales.last_day, ReduceOp::max);
  context.households = comm.allreduce(counts.households, ReduceOp::sum);
  context.population_cycle.resize(products);
  for (std::int64_t p = 0; p < products; ++p)
    context.population_cycle[p] = counts.cycles.cycle(static_cast<std::int32_t>(p));
  context.repeat_rate = counts.cycles.repeat_rates();
  const engine::SellingDays selling = selling_days(block, counts.sales, as_of, comm);
  context.missed_sales = engine::missed_sales(counts.sales, counts.cycles, selling, as_of);
  context.recent_households = std::move(counts.recent_buyers);
  // Long enough that every household finds its popular candidates among products it never
  // bought: a household that bought the shop's best sellers (a big weekly shop, a shop of new
  // products) has them further down the list.
  const std::int64_t most_products = comm.allreduce(counts.most_products, ReduceOp::max);
  context.popular =
      engine::most_popular(context.recent_households,
                           static_cast<std::size_t>(config.k + config.popular_candidates + most_products));

  // The households whose co-occurrences are counted: all (no ids: tests), or exactly
  // `similarity_households` of those with history (bounded cost; independent of the rank count
  // and of rows appended later).
  HouseholdSample sample;
  if (household_ids && context.households > config.similarity_households)
    sample = HouseholdSample::draw(ids_with_history(block, *household_ids, as_of),
                                   config.similarity_households, kSimilaritySampleSeed, comm);
  context.successor = find_successors(block, as_of, counts, selling, config, household_ids, sample, comm);
  std::vector<std::int64_t> window_buyers(products, 0);
  std::int64_t sampled = 0;
  const engine::WindowSet windows =
      sampled_windows(block, as_of, config, household_ids, sample, window_buyers, sampled);
  comm.allreduce_inplace<std::int64_t>(window_buyers, ReduceOp::sum);
  sampled = comm.allreduce(sampled, ReduceOp::sum);
  const std::vector<engine::Neighbour> mine =
      owned_neighbours(windows, products, window_buyers, sampled, config, comm);
  context.neighbours = engine::build_neighbour_table(comm.allgatherv<engine::Neighbour>(mine),
                                                     static_cast<std::size_t>(products));
  if (!context.successor.empty()) {
    // A product replaced by its successor is not sold any more: no household's popular, cross-sell
    // or category candidate (its own buyers' rows are the successor's).
    const auto replaced = [&](std::int32_t p) { return context.successor[static_cast<std::size_t>(p)] >= 0; };
    std::erase_if(context.popular, replaced);
    for (std::size_t p = 0; p < context.successor.size(); ++p)
      if (replaced(static_cast<std::int32_t>(p))) context.recent_households[p] = 0;  // out of the categories
    engine::drop_replaced_neighbours(context.neighbours, context.successor);
  }
  return context;
}

}  // namespace basketgap
