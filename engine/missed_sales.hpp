// Whether a product still sells. A product taken off the shelf, or relaunched under a new id,
// keeps its buyers' histories, and their cycles say it is due; only the shop's own sales say
// that nobody can buy it any more. The measure: the sales a product would have made since its
// last sale anywhere, at its own pace since it was first sold — a best seller silent for a week
// has missed many, a product sold once a month and silent for a week fewer than one. Both the
// silence and the pace are counted in the shop's selling days (days with any row), so a night
// the shop was closed (a holiday, `append --no-sales-day`) or a store whose last nights are
// missing (`score --allow-stale`) makes no product look silent. The blend learns its weight.
//
// With order numbers in the day column (each household's own count) the "last sale anywhere"
// is the highest order number at which anyone bought the product: not a sign of the shelf, a
// rarity measure whose weight the blend learns as any other (docs/SCORING.md "fit").
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "engine/purchase_gap.hpp"

namespace basketgap::engine {

// Per product, its first and last sale day over every household (min / max; reduced across
// ranks as such). A product never sold keeps first_day > last_day.
struct SaleDays {
  std::vector<std::int32_t> first_day, last_day;
  explicit SaleDays(std::size_t products = 0)
      : first_day(products, std::numeric_limits<std::int32_t>::max()),
        last_day(products, std::numeric_limits<std::int32_t>::min()) {}
  // Widens a product's days by a sale span (or by another thread's first and last sale).
  void add(std::size_t product, std::int32_t first, std::int32_t last) {
    first_day[product] = std::min(first_day[product], first);
    last_day[product] = std::max(last_day[product], last);
  }
  void add(const PurchaseSpan& p) { add(static_cast<std::size_t>(p.product), p.first_day, p.last_day); }
  // The earliest first sale (INT32_MAX when nothing was sold).
  std::int32_t first_sale() const;
};

// The days the shop sold on, counted.
class SellingDays {
 public:
  SellingDays() = default;
  // marks[i] != 0: the shop sold on day first + i.
  SellingDays(std::int32_t first, std::span<const std::uint8_t> marks);
  // Selling days on or before `day`.
  std::int32_t up_to(std::int32_t day) const;

 private:
  std::int32_t first_ = 0;
  std::vector<std::int32_t> cumulative_;  // [i]: selling days in first .. first + i
};

// Per product as of `as_of`: log1p(selling days since its last sale x its purchase days per
// selling day since its first sale), its purchase days (household-days with it) from the cycle
// sums. 0 for a product sold on the shop's last selling day — and for a product never sold.
std::vector<double> missed_sales(const SaleDays& sales, const CycleSums& cycles, const SellingDays& selling,
                                 std::int32_t as_of);

}  // namespace basketgap::engine
