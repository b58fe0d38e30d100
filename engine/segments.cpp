#include "engine/segments.hpp"

#include <algorithm>
#include <vector>

namespace basketgap::engine {

Tertiles tertiles(std::span<const double> values) {
  if (values.empty()) return {};
  std::vector<double> sorted(values.begin(), values.end());
  std::sort(sorted.begin(), sorted.end());
  const std::size_t n = sorted.size();
  const auto at_rank = [&](std::size_t numerator) {
    const std::size_t rank = (n * numerator + 2) / 3;  // ceil(n * numerator / 3), 1-based
    return sorted[std::clamp<std::size_t>(rank, 1, n) - 1];
  };
  return {at_rank(1), at_rank(2)};
}

int tertile_of(double value, const Tertiles& t) {
  if (value <= t.low_max) return 0;
  if (value <= t.mid_max) return 1;
  return 2;
}

}  // namespace basketgap::engine
