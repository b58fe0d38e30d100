// Item-to-item similarity from co-occurrence across households: which products are bought by
// the same households. Counting is split so the job can distribute it: each rank counts the
// pairs of its households, pairs go to the rank owning the first product, owners normalise
// and keep the top-k neighbours.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "engine/history.hpp"
#include "engine/score_config.hpp"

namespace basketgap::engine {

// An ordered product pair (a, b) packed as a << 32 | b, with its household count.
struct PairCount {
  std::uint64_t key;
  std::int64_t count;
};
inline std::int32_t pair_first(std::uint64_t key) { return static_cast<std::int32_t>(key >> 32); }
inline std::int32_t pair_second(std::uint64_t key) { return static_cast<std::int32_t>(key & 0xFFFFFFFFu); }

// The distinct products of local household `h` bought in (as_of - window, as_of], capped at
// `max_products` (most baskets first, then most recent, then lower index); ascending.
void window_products(const HistoryBlock& block, std::int64_t h, std::int32_t as_of, const ScoreConfig& config,
                     std::vector<std::int32_t>& out);

// Similarity of a pair seen together in `both` households, with `n_a`, `n_b` households
// having each product and `households` in all.
double cosine(std::int64_t both, std::int64_t n_a, std::int64_t n_b);
double jaccard(std::int64_t both, std::int64_t n_a, std::int64_t n_b);
// Dunning's log-likelihood ratio (G^2) of the 2x2 table; 0 for negative association.
double log_likelihood_ratio(std::int64_t both, std::int64_t n_a, std::int64_t n_b, std::int64_t households);
double similarity(SimilarityMeasure measure, std::int64_t both, std::int64_t n_a, std::int64_t n_b,
                  std::int64_t households);

struct Neighbour {
  std::int32_t product;  // the first product (whose list this is)
  std::int32_t neighbour;
  float similarity;
};

// From the pair counts of the products this rank owns (each product's pairs together, as
// sorted by key; their order within a product does not matter), the top `config.neighbours`
// neighbours of each by similarity (ties: lower neighbour index), dropping pairs seen in fewer
// than `config.min_co_households` households.
std::vector<Neighbour> top_neighbours(std::span<const PairCount> counts,
                                      std::span<const std::int64_t> product_households,
                                      std::int64_t households, const ScoreConfig& config);

// All products' neighbour lists in CSR form, for cross-sell.
struct NeighbourTable {
  std::vector<std::int64_t> offsets;  // products + 1
  std::vector<std::int32_t> neighbour;
  std::vector<float> similarity;
  std::span<const std::int32_t> neighbours_of(std::int32_t p) const {
    return {neighbour.data() + offsets[p], static_cast<std::size_t>(offsets[p + 1] - offsets[p])};
  }
  std::span<const float> similarities_of(std::int32_t p) const {
    return {similarity.data() + offsets[p], static_cast<std::size_t>(offsets[p + 1] - offsets[p])};
  }
};

// Builds the table from every owner's lists (any order; sorted here deterministically).
NeighbourTable build_neighbour_table(std::vector<Neighbour> all, std::size_t products);

}  // namespace basketgap::engine
