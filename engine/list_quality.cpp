#include "engine/list_quality.hpp"

#include <algorithm>
#include <cmath>

#include "engine/metrics.hpp"

namespace basketgap::engine {

double household_ndcg(std::span<const double> logits, std::span<const std::uint8_t> labels,
                      std::span<const std::uint8_t> left_out, std::int64_t truth_size, int k,
                      std::vector<std::size_t>& order) {
  if (truth_size <= 0 || k <= 0) return 0.0;
  order.clear();
  for (std::size_t i = 0; i < logits.size(); ++i)
    if (left_out.empty() || left_out[i] == 0) order.push_back(i);
  const std::size_t take = std::min(order.size(), static_cast<std::size_t>(k));
  std::partial_sort(
      order.begin(), order.begin() + static_cast<std::ptrdiff_t>(take), order.end(),
      [&](std::size_t a, std::size_t b) { return logits[a] != logits[b] ? logits[a] > logits[b] : a < b; });
  double dcg = 0.0;
  for (std::size_t r = 0; r < take; ++r)
    if (labels[order[r]] != 0) dcg += 1.0 / std::log2(static_cast<double>(r) + 2.0);
  return dcg / ideal_dcg(static_cast<int>(std::min<std::int64_t>(truth_size, k)));
}

}  // namespace basketgap::engine
