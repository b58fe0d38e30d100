// Co-occurrence counting for item similarity: how many (sampled) households
// bought both a and b. Rows of the count matrix are accumulated per product in
// a dense scratch vector (no sort of raw pairs), so the cost is the number of
// pair increments, not a sort of them.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "engine/item_similarity.hpp"

namespace basketgap::engine {

// The window products of a set of households, CSR: household i bought
// products[offsets[i] .. offsets[i + 1]) (ascending, distinct).
struct WindowSet {
  std::vector<std::int64_t> offsets{0};
  std::vector<std::int32_t> products;
  void add(std::span<const std::int32_t> window);
  std::int64_t households() const { return static_cast<std::int64_t>(offsets.size()) - 1; }
};

// The same sets transposed: for each product, the households (indices into the
// WindowSet) that bought it, ascending.
struct ProductPostings {
  std::vector<std::int64_t> offsets;  // products + 1
  std::vector<std::int32_t> households;
};
ProductPostings postings_of(const WindowSet& windows, std::size_t products);

// Per product, an upper bound on the distinct partners it has in these
// households (the sum of the other window sizes over its households): sizes the
// routing batches.
std::vector<std::int64_t> pair_bounds(const WindowSet& windows, const ProductPostings& postings);

// The counts of every pair (a, b), a != b, with a in [first, last), sorted by
// key. Parallel over products (oneTBB); the result does not depend on the
// thread count.
std::vector<PairCount> co_occurrence_rows(const WindowSet& windows, const ProductPostings& postings,
                                          std::int32_t first, std::int32_t last);
// The same into `out` (replaced): a buffer kept over rounds is not faulted in again each time.
void co_occurrence_rows(const WindowSet& windows, const ProductPostings& postings, std::int32_t first,
                        std::int32_t last, std::vector<PairCount>& out);

// The top neighbours (top_neighbours) of the products a % owners == owner, when these windows
// are every household sampled (one rank, or the windows gathered from every rank): each row's
// counts are then complete where they are counted, so no pair list is made or routed. The same
// neighbours as counting rows on every rank and routing them (co_occurrence_rows).
// Rows [row_begin, row_end) of the owned products only (row i is product owner + i * owners;
// row_end -1 = all): slices concatenated in order are the whole (the caller reports progress
// between them).
std::vector<Neighbour> top_neighbours_of_owned(const WindowSet& windows, const ProductPostings& postings,
                                               int owner, int owners,
                                               std::span<const std::int64_t> product_households,
                                               std::int64_t households, const ScoreConfig& config,
                                               std::int32_t row_begin = 0, std::int32_t row_end = -1);

// How many products a % owners == owner there are among `products`.
std::int32_t owned_rows(std::int32_t products, int owner, int owners);

// Merges sorted runs (as received from several ranks: run r is counts[begin_r,
// begin_r + sizes[r])) into one sorted list, summing equal keys.
std::vector<PairCount> merge_sorted_runs(std::span<const PairCount> counts,
                                         std::span<const std::int64_t> sizes);
void merge_sorted_runs(std::span<const PairCount> counts, std::span<const std::int64_t> sizes,
                       std::vector<PairCount>& out);

}  // namespace basketgap::engine
