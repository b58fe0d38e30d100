#include "engine/item_similarity.hpp"

#include <algorithm>
#include <cmath>

namespace basketgap::engine {

void window_products(const HistoryBlock& block, std::int64_t h, std::int32_t as_of, const ScoreConfig& config,
                     std::vector<std::int32_t>& out) {
  out.clear();
  const std::int32_t after = as_of - config.similarity_window_days;
  struct Seen {
    std::int32_t product, rows, last_day;
  };
  // Per thread, reused: a product's entry in `seen` by product index (-1: none), so each row
  // is counted where it stands instead of sorting the window's rows by product.
  thread_local std::vector<Seen> seen;
  thread_local std::vector<std::int32_t> slot;
  seen.clear();
  // Rows are in day order: the window starts at the first row after `after`.
  std::int64_t r = block.begin(h);
  for (std::int64_t count = block.end(h) - r; count > 0;) {
    const std::int64_t half = count / 2;
    if (block.day(r + half) <= after) {
      r += half + 1;
      count -= half + 1;
    } else {
      count = half;
    }
  }
  for (; r < block.end(h); ++r) {
    const std::int32_t day = block.day(r);
    if (day > as_of) break;
    const std::int32_t product = block.product(r);
    if (static_cast<std::size_t>(product) >= slot.size())
      slot.resize(static_cast<std::size_t>(product) + 1, -1);
    std::int32_t& index = slot[static_cast<std::size_t>(product)];
    if (index < 0) {
      index = static_cast<std::int32_t>(seen.size());
      seen.push_back({product, 1, day});
    } else {
      Seen& s = seen[static_cast<std::size_t>(index)];
      ++s.rows;
      s.last_day = day;  // day order: the latest so far
    }
  }
  for (const Seen& s : seen) slot[static_cast<std::size_t>(s.product)] = -1;
  const auto cap = static_cast<std::size_t>(std::max(config.max_products_per_household, 0));
  if (seen.size() > cap) {
    // Most rows first, then most recent, then lower index: a total order, so the first `cap`
    // are the same whichever way they are found.
    std::nth_element(seen.begin(), seen.begin() + static_cast<std::ptrdiff_t>(cap), seen.end(),
                     [](const Seen& a, const Seen& b) {
                       if (a.rows != b.rows) return a.rows > b.rows;
                       if (a.last_day != b.last_day) return a.last_day > b.last_day;
                       return a.product < b.product;
                     });
    seen.resize(cap);
  }
  for (const Seen& s : seen) out.push_back(s.product);
  std::sort(out.begin(), out.end());
}

double cosine(std::int64_t both, std::int64_t n_a, std::int64_t n_b) {
  if (n_a <= 0 || n_b <= 0) return 0;
  return both / std::sqrt(static_cast<double>(n_a) * static_cast<double>(n_b));
}

double jaccard(std::int64_t both, std::int64_t n_a, std::int64_t n_b) {
  const std::int64_t either = n_a + n_b - both;
  return either > 0 ? static_cast<double>(both) / either : 0;
}

namespace {
double x_log_x(double x) { return x > 0 ? x * std::log(x) : 0; }
// Shannon-style entropy term used by the G^2 statistic (Dunning 1993).
double entropy(std::initializer_list<double> counts) {
  double sum = 0, terms = 0;
  for (double c : counts) {
    sum += c;
    terms += x_log_x(c);
  }
  return x_log_x(sum) - terms;
}
}  // namespace

double log_likelihood_ratio(std::int64_t both, std::int64_t n_a, std::int64_t n_b, std::int64_t households) {
  const double k11 = both, k12 = n_a - both, k21 = n_b - both, k22 = households - n_a - n_b + both;
  if (k12 < 0 || k21 < 0 || k22 < 0 || households <= 0) return 0;
  // Only positive association makes a cross-sell.
  if (k11 * households <= static_cast<double>(n_a) * n_b) return 0;
  const double row = entropy({k11 + k12, k21 + k22});
  const double col = entropy({k11 + k21, k12 + k22});
  const double mat = entropy({k11, k12, k21, k22});
  return std::max(0.0, 2.0 * (row + col - mat));
}

double similarity(SimilarityMeasure measure, std::int64_t both, std::int64_t n_a, std::int64_t n_b,
                  std::int64_t households) {
  switch (measure) {
    case SimilarityMeasure::cosine:
      return cosine(both, n_a, n_b);
    case SimilarityMeasure::jaccard:
      return jaccard(both, n_a, n_b);
    case SimilarityMeasure::llr:
      return log_likelihood_ratio(both, n_a, n_b, households);
  }
  return 0;
}

std::vector<Neighbour> top_neighbours(std::span<const PairCount> counts,
                                      std::span<const std::int64_t> product_households,
                                      std::int64_t households, const ScoreConfig& config) {
  std::vector<Neighbour> out, list;
  for (std::size_t i = 0; i < counts.size();) {
    const std::int32_t a = pair_first(counts[i].key);
    list.clear();
    for (; i < counts.size() && pair_first(counts[i].key) == a; ++i) {
      if (counts[i].count < config.min_co_households) continue;
      const std::int32_t b = pair_second(counts[i].key);
      const double s = similarity(config.measure, counts[i].count, product_households[a],
                                  product_households[b], households);
      if (s > 0) list.push_back({a, b, static_cast<float>(s)});
    }
    const auto by_similarity = [](const Neighbour& x, const Neighbour& y) {
      if (x.similarity != y.similarity) return x.similarity > y.similarity;
      return x.neighbour < y.neighbour;
    };
    const std::size_t keep = std::min<std::size_t>(list.size(), config.neighbours);
    std::partial_sort(list.begin(), list.begin() + keep, list.end(), by_similarity);
    out.insert(out.end(), list.begin(), list.begin() + keep);
  }
  return out;
}

NeighbourTable build_neighbour_table(std::vector<Neighbour> all, std::size_t products) {
  std::sort(all.begin(), all.end(), [](const Neighbour& x, const Neighbour& y) {
    if (x.product != y.product) return x.product < y.product;
    if (x.similarity != y.similarity) return x.similarity > y.similarity;
    return x.neighbour < y.neighbour;
  });
  NeighbourTable t;
  t.offsets.assign(products + 1, 0);
  for (const auto& n : all) ++t.offsets[n.product + 1];
  for (std::size_t p = 0; p < products; ++p) t.offsets[p + 1] += t.offsets[p];
  t.neighbour.reserve(all.size());
  t.similarity.reserve(all.size());
  for (const auto& n : all) {
    t.neighbour.push_back(n.neighbour);
    t.similarity.push_back(n.similarity);
  }
  return t;
}

}  // namespace basketgap::engine
