#include "engine/purchase_gap.hpp"

#include <algorithm>
#include <cmath>

namespace basketgap::engine {

void summarize_household(const HistoryBlock& block, std::int64_t h, std::int32_t as_of,
                         const ScoreConfig& config, std::vector<ProductHistory>& out,
                         std::vector<std::uint64_t>& scratch) {
  out.clear();
  scratch.clear();
  // Sort (product, row) keys: rows are in day order, so the rows of one product become a run
  // in day order. (No day bits in the key: days go up to 100000, more than a 16-bit field.)
  for (std::int64_t r = block.begin(h); r < block.end(h); ++r) {
    if (block.day[r] > as_of) break;  // rows are in day order
    scratch.push_back((static_cast<std::uint64_t>(block.product[r]) << 32) |
                      static_cast<std::uint64_t>(r - block.begin(h)));
  }
  std::sort(scratch.begin(), scratch.end());
  const double ln2 = std::log(2.0);
  const double long_rate = ln2 / config.half_life_days;
  const double short_rate = ln2 / config.short_half_life_days;
  std::size_t i = 0;
  while (i < scratch.size()) {
    const auto product = static_cast<std::int32_t>(scratch[i] >> 32);
    ProductHistory p;
    p.product = product;
    std::int64_t last_basket = INT64_MIN;
    std::int32_t purchase_days = 0, prev_day = -1;
    for (; i < scratch.size() && static_cast<std::int32_t>(scratch[i] >> 32) == product; ++i) {
      const std::int64_t row = block.begin(h) + static_cast<std::int64_t>(scratch[i] & 0xFFFFFFFFu);
      const std::int32_t day = block.day[row];
      if (block.basket[row] == last_basket) continue;  // one basket counts once
      last_basket = block.basket[row];
      if (p.baskets == 0) p.first_day = day;
      p.last_day = day;
      ++p.baskets;
      if (day != prev_day) ++purchase_days;
      prev_day = day;
      const double age = as_of - day;
      p.decayed_long += std::exp(-long_rate * age);
      p.decayed_short += std::exp(-short_rate * age);
    }
    p.purchase_days = purchase_days;
    if (p.baskets >= config.min_purchases_for_cycle && purchase_days >= 2)
      p.personal_cycle = static_cast<double>(p.last_day - p.first_day) / (purchase_days - 1);
    out.push_back(p);
  }
}

double effective_cycle(const ProductHistory& p, double population_cycle, const ScoreConfig& config) {
  if (p.personal_cycle > 0) return p.personal_cycle;
  return population_cycle > 0 ? population_cycle : -1;
}

double due_ratio(const ProductHistory& p, std::int32_t as_of, double cycle) {
  if (cycle <= 0) return 0;
  return (as_of - p.last_day) / std::max(cycle, 1.0);
}

void CycleSums::add(const ProductHistory& p) {
  // Intervals between purchase days (like the personal cycle): two baskets on one day are one
  // purchase day, not a zero-day interval.
  if (p.purchase_days < 2) return;
  gap_days[p.product] += p.last_day - p.first_day;
  gap_count[p.product] += p.purchase_days - 1;
}

double CycleSums::cycle(std::int32_t product) const {
  const auto n = gap_count[product];
  return n > 0 ? static_cast<double>(gap_days[product]) / n : -1;
}

}  // namespace basketgap::engine
