#include "engine/rolling_stats.hpp"

#include <cassert>
#include <vector>

namespace basketgap::engine {

Difference mean_over_windows(std::span<const double> values) { return t_interval(mean_variance(values)); }

WindowComparison paired_over_windows(std::span<const double> system, std::span<const double> baseline) {
  assert(system.size() == baseline.size());
  std::vector<double> d(system.size());
  WindowComparison c;
  for (std::size_t w = 0; w < d.size(); ++w) {
    d[w] = system[w] - baseline[w];
    c.wins += d[w] > 0 ? 1 : 0;
  }
  c.windows = static_cast<std::int64_t>(d.size());
  c.difference = mean_over_windows(d);
  return c;
}

}  // namespace basketgap::engine
