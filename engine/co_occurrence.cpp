#include "engine/co_occurrence.hpp"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <queue>

namespace basketgap::engine {

void WindowSet::add(std::span<const std::int32_t> window) {
  products.insert(products.end(), window.begin(), window.end());
  offsets.push_back(static_cast<std::int64_t>(products.size()));
}

ProductPostings postings_of(const WindowSet& windows, std::size_t products) {
  ProductPostings out;
  out.offsets.assign(products + 1, 0);
  for (std::int32_t p : windows.products) ++out.offsets[static_cast<std::size_t>(p) + 1];
  for (std::size_t p = 0; p < products; ++p) out.offsets[p + 1] += out.offsets[p];
  out.households.resize(windows.products.size());
  std::vector<std::int64_t> cursor(out.offsets.begin(), out.offsets.end() - 1);
  for (std::int64_t h = 0; h < windows.households(); ++h)
    for (std::int64_t i = windows.offsets[h]; i < windows.offsets[h + 1]; ++i)
      out.households[static_cast<std::size_t>(cursor[windows.products[i]]++)] = static_cast<std::int32_t>(h);
  return out;
}

std::vector<std::int64_t> pair_bounds(const WindowSet& windows, const ProductPostings& postings) {
  std::vector<std::int64_t> bound(postings.offsets.size() - 1, 0);
  for (std::size_t p = 0; p < bound.size(); ++p)
    for (std::int64_t i = postings.offsets[p]; i < postings.offsets[p + 1]; ++i) {
      const std::int32_t h = postings.households[i];
      bound[p] += windows.offsets[h + 1] - windows.offsets[h] - 1;
    }
  return bound;
}

namespace {

struct RowScratch {
  std::vector<std::int64_t> count;    // dense over the products, zero between rows
  std::vector<std::int32_t> touched;  // partners with a non-zero count
  std::vector<PairCount> row;         // the row counted last
};

// Product a's row of the count matrix into s.row: sorted by partner when `sorted` (the routed
// rows are merged by key), else in the order first met (top_neighbours's order is total: it
// does not depend on its input's).
void count_row(const WindowSet& windows, const ProductPostings& postings, std::int32_t a, bool sorted,
               RowScratch& s) {
  s.count.resize(postings.offsets.size() - 1, 0);
  s.touched.clear();
  for (std::int64_t i = postings.offsets[a]; i < postings.offsets[a + 1]; ++i) {
    const std::int32_t h = postings.households[i];
    for (std::int64_t j = windows.offsets[h]; j < windows.offsets[h + 1]; ++j) {
      const std::int32_t b = windows.products[j];
      if (b == a) continue;
      if (s.count[b]++ == 0) s.touched.push_back(b);
    }
  }
  if (sorted) std::sort(s.touched.begin(), s.touched.end());
  s.row.clear();
  for (std::int32_t b : s.touched) {
    s.row.push_back({(static_cast<std::uint64_t>(a) << 32) | static_cast<std::uint32_t>(b), s.count[b]});
    s.count[b] = 0;
  }
}

}  // namespace

std::vector<PairCount> co_occurrence_rows(const WindowSet& windows, const ProductPostings& postings,
                                          std::int32_t first, std::int32_t last) {
  std::vector<PairCount> out;
  co_occurrence_rows(windows, postings, first, last, out);
  return out;
}

void co_occurrence_rows(const WindowSet& windows, const ProductPostings& postings, std::int32_t first,
                        std::int32_t last, std::vector<PairCount>& out) {
  tbb::enumerable_thread_specific<RowScratch> scratch;
  std::vector<std::vector<PairCount>> rows(static_cast<std::size_t>(std::max(0, last - first)));
  tbb::parallel_for(tbb::blocked_range<std::int32_t>(first, last, 16), [&](const auto& range) {
    RowScratch& s = scratch.local();
    for (std::int32_t a = range.begin(); a < range.end(); ++a) {
      count_row(windows, postings, a, true, s);
      rows[static_cast<std::size_t>(a - first)].assign(s.row.begin(), s.row.end());
    }
  });
  std::size_t total = 0;
  for (const auto& row : rows) total += row.size();
  out.clear();
  out.reserve(total);
  for (const auto& row : rows) out.insert(out.end(), row.begin(), row.end());
}

std::vector<PairCount> merge_sorted_runs(std::span<const PairCount> counts,
                                         std::span<const std::int64_t> sizes) {
  std::vector<PairCount> out;
  merge_sorted_runs(counts, sizes, out);
  return out;
}

void merge_sorted_runs(std::span<const PairCount> counts, std::span<const std::int64_t> sizes,
                       std::vector<PairCount>& out) {
  struct Head {
    std::uint64_t key;
    std::size_t position, end;
    bool operator>(const Head& o) const { return key > o.key; }
  };
  std::size_t runs = 0;
  for (std::int64_t size : sizes) runs += size > 0;
  out.clear();
  if (runs <= 1) {  // one run: already merged
    out.assign(counts.begin(), counts.end());
    return;
  }
  std::priority_queue<Head, std::vector<Head>, std::greater<>> heads;
  std::size_t begin = 0;
  for (std::int64_t size : sizes) {
    const std::size_t end = begin + static_cast<std::size_t>(size);
    if (begin < end) heads.push({counts[begin].key, begin, end});
    begin = end;
  }
  out.reserve(counts.size());
  while (!heads.empty()) {
    Head h = heads.top();
    heads.pop();
    if (!out.empty() && out.back().key == h.key)
      out.back().count += counts[h.position].count;
    else
      out.push_back(counts[h.position]);
    if (++h.position < h.end) {
      h.key = counts[h.position].key;
      heads.push(h);
    }
  }
}

std::int32_t owned_rows(std::int32_t products, int owner, int owners) {
  return products > owner ? (products - owner + owners - 1) / owners : 0;
}

std::vector<Neighbour> top_neighbours_of_owned(const WindowSet& windows, const ProductPostings& postings,
                                               int owner, int owners,
                                               std::span<const std::int64_t> product_households,
                                               std::int64_t households, const ScoreConfig& config,
                                               std::int32_t row_begin, std::int32_t row_end) {
  const auto products = static_cast<std::int32_t>(postings.offsets.size() - 1);
  // The owned products are owner, owner + owners, ...: row i is product owner + i * owners.
  const std::int32_t rows = owned_rows(products, owner, owners);
  const std::int32_t end = row_end < 0 ? rows : std::min(row_end, rows);
  const std::int32_t begin = std::clamp<std::int32_t>(row_begin, 0, end);
  tbb::enumerable_thread_specific<RowScratch> scratch;
  std::vector<std::vector<Neighbour>> tops(static_cast<std::size_t>(end - begin));
  tbb::parallel_for(tbb::blocked_range<std::int32_t>(begin, end, 16), [&](const auto& range) {
    RowScratch& s = scratch.local();
    for (std::int32_t i = range.begin(); i < range.end(); ++i) {
      count_row(windows, postings, owner + i * owners, false, s);
      tops[static_cast<std::size_t>(i - begin)] =
          top_neighbours(s.row, product_households, households, config);
    }
  });
  std::vector<Neighbour> out;
  for (const auto& top : tops) out.insert(out.end(), top.begin(), top.end());
  return out;
}

}  // namespace basketgap::engine
