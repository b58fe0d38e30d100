#include "engine/backtest_split.hpp"

#include <tbb/parallel_for.h>

#include <algorithm>

namespace basketgap::engine {

namespace {
void sort_unique(std::vector<std::int32_t>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

// Concatenates per-household vectors into CSR (serial: a cheap copy in household order).
ProductSets to_csr(std::vector<std::vector<std::int32_t>>& lists) {
  ProductSets s;
  s.offsets.resize(lists.size() + 1, 0);
  for (std::size_t h = 0; h < lists.size(); ++h)
    s.offsets[h + 1] = s.offsets[h] + static_cast<std::int64_t>(lists[h].size());
  s.product.reserve(s.offsets.back());
  for (auto& l : lists) {
    s.product.insert(s.product.end(), l.begin(), l.end());
    l = {};
  }
  return s;
}
}  // namespace

BacktestSplit split_at(const HistoryBlock& history, std::int32_t as_of, std::int32_t window) {
  const auto n = static_cast<std::size_t>(history.households());
  std::vector<std::vector<std::int32_t>> before(n), truth(n);
  BacktestSplit split;
  split.baskets.assign(n, 0);
  split.lines.assign(n, 0);
  const std::int64_t last_day = static_cast<std::int64_t>(as_of) + window;
  tbb::parallel_for(std::size_t{0}, n, [&](std::size_t h) {
    std::int32_t lines = 0, baskets = 0;
    for (std::int64_t r = history.begin(h); r < history.end(h); ++r) {
      const std::int32_t day = history.day(r);
      if (day <= as_of) {
        before[h].push_back(history.product(r));
        ++lines;
        baskets += history.opens_basket(r);
      } else if (day <= last_day) {
        truth[h].push_back(history.product(r));
      }
    }
    split.lines[h] = lines;
    split.baskets[h] = baskets;
    sort_unique(before[h]);
    sort_unique(truth[h]);
  });
  split.before = to_csr(before);
  split.truth = to_csr(truth);
  return split;
}

}  // namespace basketgap::engine
