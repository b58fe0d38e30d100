// The two reference systems every backtest shows beside the engine (EVALUATION.md):
// global popularity and personal top frequency. Pure, TBB-parallel over households.
// Callers pass the history already cut at the as-of day (HistoryBlock::up_to).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "engine/history.hpp"

namespace basketgap::engine {

// Per product, the number of this block's households that bought it (any row in `history`).
// Sum the vectors of every rank to get the global count.
std::vector<std::int64_t> product_household_counts(const HistoryBlock& history, std::int64_t products);

// The k products bought by the most households; ties by the lower product index. Fewer than k
// when fewer products were ever bought (the rest stays -1).
std::vector<std::int32_t> top_popular(std::span<const std::int64_t> household_counts, int k);

// The same popular list for every household of `history`; score = household count,
// reason = popular.
CouponTable popularity_table(const HistoryBlock& history, std::span<const std::int32_t> popular,
                             std::span<const std::int64_t> household_counts);

// Per household, its k products with the most distinct baskets; ties by the most recent
// purchase day, then the lower product index. score = basket count, reason = repeat.
CouponTable personal_top_frequency(const HistoryBlock& history, int k);

}  // namespace basketgap::engine
