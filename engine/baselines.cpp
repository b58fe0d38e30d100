#include "engine/baselines.hpp"

#include "engine/popularity_order.hpp"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <numeric>
#include <tuple>

namespace basketgap::engine {

std::vector<std::int64_t> product_household_counts(const HistoryBlock& history, std::int64_t products) {
  std::vector<std::int64_t> counts(static_cast<std::size_t>(products), 0);
  std::vector<std::int32_t> mine;
  // Serial: one pass over the rows; a parallel version would need per-thread vectors of the
  // whole catalogue for little gain.
  for (std::int64_t h = 0; h < history.households(); ++h) {
    mine.clear();
    for (std::int64_t r = history.begin(h); r < history.end(h); ++r) mine.push_back(history.product(r));
    std::sort(mine.begin(), mine.end());
    mine.erase(std::unique(mine.begin(), mine.end()), mine.end());
    for (std::int32_t p : mine) ++counts[p];
  }
  return counts;
}

std::vector<std::int32_t> top_popular(std::span<const std::int64_t> counts, int k) {
  std::vector<std::int32_t> order;
  for (std::size_t p = 0; p < counts.size(); ++p)
    if (counts[p] > 0) order.push_back(static_cast<std::int32_t>(p));
  const auto take = std::min<std::size_t>(order.size(), static_cast<std::size_t>(k));
  std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(take), order.end(),
                    MoreBuyersFirst{counts});
  order.resize(take);
  order.resize(static_cast<std::size_t>(k), -1);
  return order;
}

CouponTable popularity_table(const HistoryBlock& history, std::span<const std::int32_t> popular,
                             std::span<const std::int64_t> counts) {
  const int k = static_cast<int>(popular.size());
  CouponTable table(k, history.households());
  for (std::int64_t h = 0; h < history.households(); ++h)
    for (int i = 0; i < k; ++i) {
      const std::size_t cell = static_cast<std::size_t>(h * k + i);
      table.product[cell] = popular[i];
      if (popular[i] < 0) continue;
      table.score[cell] = static_cast<float>(counts[popular[i]]);
      table.reason[cell] = static_cast<std::uint8_t>(Reason::popular);
    }
  return table;
}

namespace {
struct ProductStat {
  std::int32_t product;
  std::int32_t baskets;
  std::int32_t last_day;
};

// Rows of one household as (product, basket, day), reduced to per-product statistics.
std::vector<ProductStat> household_stats(const HistoryBlock& history, std::int64_t h) {
  std::vector<std::tuple<std::int32_t, std::int64_t, std::int32_t>> rows;
  rows.reserve(static_cast<std::size_t>(history.end(h) - history.begin(h)));
  std::int64_t basket = -1;  // ordinal within the household
  for (std::int64_t r = history.begin(h); r < history.end(h); ++r) {
    basket += history.opens_basket(r);
    rows.emplace_back(history.product(r), basket, history.day(r));
  }
  std::sort(rows.begin(), rows.end());
  std::vector<ProductStat> stats;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto [p, b, d] = rows[i];
    if (stats.empty() || stats.back().product != p) stats.push_back({p, 0, d});
    ProductStat& s = stats.back();
    if (i == 0 || std::get<0>(rows[i - 1]) != p || std::get<1>(rows[i - 1]) != b) ++s.baskets;
    s.last_day = std::max(s.last_day, d);
  }
  return stats;
}
}  // namespace

CouponTable personal_top_frequency(const HistoryBlock& history, int k) {
  CouponTable table(k, history.households());
  tbb::parallel_for(std::int64_t{0}, history.households(), [&](std::int64_t h) {
    std::vector<ProductStat> stats = household_stats(history, h);
    const auto better = [](const ProductStat& a, const ProductStat& b) {
      if (a.baskets != b.baskets) return a.baskets > b.baskets;
      if (a.last_day != b.last_day) return a.last_day > b.last_day;
      return a.product < b.product;
    };
    const auto take = std::min<std::size_t>(stats.size(), static_cast<std::size_t>(k));
    std::partial_sort(stats.begin(), stats.begin() + static_cast<std::ptrdiff_t>(take), stats.end(), better);
    for (std::size_t i = 0; i < take; ++i) {
      const std::size_t cell = static_cast<std::size_t>(h * k) + i;
      table.product[cell] = stats[i].product;
      table.score[cell] = static_cast<float>(stats[i].baskets);
      table.reason[cell] = static_cast<std::uint8_t>(Reason::repeat);
    }
  });
  return table;
}

}  // namespace basketgap::engine
