#include "engine/missed_sales.hpp"

#include <algorithm>
#include <cmath>

namespace basketgap::engine {

std::int32_t SaleDays::first_sale() const {
  std::int32_t first = std::numeric_limits<std::int32_t>::max();
  for (std::size_t p = 0; p < first_day.size(); ++p)
    if (first_day[p] <= last_day[p]) first = std::min(first, first_day[p]);
  return first;
}

SellingDays::SellingDays(std::int32_t first, std::span<const std::uint8_t> marks) : first_(first) {
  cumulative_.reserve(marks.size());
  std::int32_t count = 0;
  for (const std::uint8_t sold : marks) cumulative_.push_back(count += sold != 0);
}

std::int32_t SellingDays::up_to(std::int32_t day) const {
  if (cumulative_.empty() || day < first_) return 0;
  const auto at = static_cast<std::size_t>(day - first_);
  return at < cumulative_.size() ? cumulative_[at] : cumulative_.back();
}

std::vector<double> missed_sales(const SaleDays& sales, const CycleSums& cycles, const SellingDays& selling,
                                 std::int32_t as_of) {
  std::vector<double> missed(sales.first_day.size(), 0.0);
  const std::int32_t selling_days = selling.up_to(as_of);
  for (std::size_t p = 0; p < missed.size(); ++p) {
    const std::int32_t first = sales.first_day[p], last = sales.last_day[p];
    if (first > last) continue;  // never sold
    // Sold on the last selling day (or after as_of): not silent. Otherwise since_first >= silent > 0.
    const std::int32_t silent = selling_days - selling.up_to(last);
    if (silent <= 0) continue;
    const std::int32_t since_first = selling_days - selling.up_to(first - 1);
    // Each buyer's purchase days are its intervals and one.
    const auto purchase_days = static_cast<double>(cycles.gap_count[p] + cycles.buyers[p]);
    missed[p] = std::log1p(silent * purchase_days / since_first);
  }
  return missed;
}

}  // namespace basketgap::engine
