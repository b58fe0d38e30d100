// The per-household sets a backtest needs, cut from the full history at as-of day T:
// distinct products bought on or before T, distinct products bought in (T, T+W] (the truth),
// and the activity of the household up to T (for segments).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "engine/history.hpp"

namespace basketgap::engine {

// Sorted distinct product lists per local household, CSR.
struct ProductSets {
  std::vector<std::int64_t> offsets{0};
  std::vector<std::int32_t> product;
  std::span<const std::int32_t> of(std::int64_t h) const {
    return {product.data() + offsets[h], static_cast<std::size_t>(offsets[h + 1] - offsets[h])};
  }
  std::int32_t size_of(std::int64_t h) const {
    return static_cast<std::int32_t>(offsets[h + 1] - offsets[h]);
  }
};

struct BacktestSplit {
  ProductSets before;                 // day <= T
  ProductSets truth;                  // T < day <= T + W
  std::vector<std::int32_t> baskets;  // distinct baskets with day <= T
  std::vector<std::int32_t> lines;    // purchase lines with day <= T
  // At least one purchase on or before T and one in the window.
  bool evaluated(std::int64_t h) const { return before.size_of(h) > 0 && truth.size_of(h) > 0; }
};

// TBB-parallel over households; the result does not depend on the thread count.
BacktestSplit split_at(const HistoryBlock& history, std::int32_t as_of, std::int32_t window);

}  // namespace basketgap::engine
