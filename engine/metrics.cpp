#include "engine/metrics.hpp"

#include <algorithm>
#include <cmath>

namespace basketgap::engine {

namespace {
bool contains(std::span<const std::int32_t> sorted, std::int32_t v) {
  return std::binary_search(sorted.begin(), sorted.end(), v);
}
}  // namespace

double ideal_dcg(int n) {
  double dcg = 0;
  for (int i = 1; i <= n; ++i) dcg += 1.0 / std::log2(i + 1.0);
  return dcg;
}

ListOutcome score_list(std::span<const std::int32_t> ranked, std::span<const std::int32_t> truth,
                       std::span<const std::int32_t> before) {
  ListOutcome out;
  double dcg = 0;
  for (std::size_t i = 0; i < ranked.size(); ++i) {
    const std::int32_t p = ranked[i];
    if (p == -1) continue;
    if (p < -1) {  // a product the catalogue does not know: takes a slot, never a hit
      ++out.listed;
      continue;
    }
    // K is small (12): a linear look-back for duplicates beats a set.
    if (std::find(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(i), p) !=
        ranked.begin() + static_cast<std::ptrdiff_t>(i))
      continue;
    ++out.listed;
    if (!contains(truth, p)) continue;
    ++out.hits;
    if (contains(before, p)) ++out.repeat_hits;
    dcg += 1.0 / std::log2(static_cast<double>(i) + 2.0);  // position i+1, 1-based
  }
  const int ideal_n = std::min<int>(static_cast<int>(ranked.size()), static_cast<int>(truth.size()));
  const double ideal = ideal_dcg(ideal_n);
  out.ndcg = ideal > 0 ? dcg / ideal : 0.0;
  return out;
}

HouseholdMetrics household_metrics(const ListOutcome& o, std::int32_t truth_size, int k) {
  HouseholdMetrics m;
  m.recall = truth_size > 0 ? static_cast<double>(o.hits) / truth_size : 0.0;
  m.precision = k > 0 ? static_cast<double>(o.hits) / k : 0.0;
  m.hit_rate = o.hits > 0 ? 1.0 : 0.0;
  m.ndcg = o.ndcg;
  return m;
}

void MetricsSum::add(const ListOutcome& o, std::int32_t truth_size) {
  ++households_;
  hits_ += o.hits;
  repeat_ += o.repeat_hits;
  full_ += o.full(k_) ? 1 : 0;
  any_hit_ += o.hits > 0 ? 1 : 0;
  recall_ += household_metrics(o, truth_size, k_).recall;
  ndcg_ += o.ndcg;
}

SystemMetrics MetricsSum::result() const {
  SystemMetrics m;
  m.households = households_;
  m.hits = hits_;
  m.repeat_hits = repeat_;
  m.explore_hits = hits_ - repeat_;
  if (households_ == 0) return m;
  const double n = static_cast<double>(households_);
  m.recall = recall_ / n;
  // Integer sums: exact whatever the order.
  m.precision = static_cast<double>(hits_) / (static_cast<double>(k_) * n);
  m.hit_rate = static_cast<double>(any_hit_) / n;
  m.ndcg = ndcg_ / n;
  m.full_share = static_cast<double>(full_) / n;
  return m;
}

void mark_listed(std::span<const std::int32_t> ranked, std::vector<std::uint8_t>& seen) {
  for (std::int32_t p : ranked)
    if (p >= 0 && static_cast<std::size_t>(p) < seen.size()) seen[p] = 1;
}

std::int64_t count_marked(std::span<const std::uint8_t> seen) {
  return std::count_if(seen.begin(), seen.end(), [](std::uint8_t s) { return s != 0; });
}

}  // namespace basketgap::engine
