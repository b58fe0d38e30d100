// Hand-built purchase histories for unit tests: rows per household as (day, basket, product),
// in day order like the store.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "engine/history.hpp"

namespace basketgap::testing {

struct Row {
  std::int32_t day;
  std::int32_t basket;
  std::int32_t product;
};

// Appends one household: a basket opens on its first row and wherever the basket id changes.
inline void append_household(engine::HistoryBlock& b, const std::vector<Row>& rows) {
  for (std::size_t i = 0; i < rows.size(); ++i)
    b.add_row(rows[i].day, rows[i].product, i == 0 || rows[i].basket != rows[i - 1].basket);
  b.end_household();
}

// A block of these households; days stored from the earliest one.
inline engine::HistoryBlock block(const std::vector<std::vector<Row>>& households) {
  std::int32_t first_day = 0;
  bool any = false;
  for (const auto& rows : households)
    for (const Row& r : rows) {
      first_day = any ? std::min(first_day, r.day) : r.day;
      any = true;
    }
  engine::HistoryBlock b(first_day);
  for (const auto& rows : households) append_household(b, rows);
  return b;
}

}  // namespace basketgap::testing
