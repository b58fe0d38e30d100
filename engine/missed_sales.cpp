#include "engine/missed_sales.hpp"

#include <algorithm>
#include <cmath>

namespace basketgap::engine {

std::vector<double> missed_sales(const SaleDays& sales, const CycleSums& cycles, std::int32_t as_of) {
  std::vector<double> missed(sales.first_day.size(), 0.0);
  for (std::size_t p = 0; p < missed.size(); ++p) {
    const std::int32_t first = sales.first_day[p], last = sales.last_day[p];
    if (first > last || last > as_of) continue;
    // Each buyer's purchase days are its intervals and one.
    const auto purchase_days = static_cast<double>(cycles.gap_count[p] + cycles.buyers[p]);
    const double per_day = purchase_days / static_cast<double>(as_of - first + 1);
    missed[p] = std::log1p(static_cast<double>(as_of - last) * per_day);
  }
  return missed;
}

}  // namespace basketgap::engine
