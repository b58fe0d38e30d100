// Hand-built purchase histories for unit tests: rows per household as (day, basket, product),
// in day order like the store.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/history.hpp"

namespace basketgap::testing {

struct Row {
  std::int32_t day;
  std::int32_t basket;
  std::int32_t product;
};

inline engine::HistoryBlock block(const std::vector<std::vector<Row>>& households) {
  engine::HistoryBlock b;
  for (const auto& rows : households) {
    for (const Row& r : rows) {
      b.day.push_back(r.day);
      b.basket.push_back(r.basket);
      b.product.push_back(r.product);
    }
    b.offsets.push_back(static_cast<std::int64_t>(b.day.size()));
  }
  return b;
}

}  // namespace basketgap::testing
