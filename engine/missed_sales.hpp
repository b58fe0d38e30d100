// Whether a product still sells. A product taken off the shelf, or relaunched under a new id,
// keeps its buyers' histories, and their cycles say it is due; only the shop's own sales say
// that nobody can buy it any more. The measure: the sales a product would have made since its
// last sale anywhere, at its own pace since it was first sold — a best seller silent for a week
// has missed many, a product sold once a month has missed none. The blend learns its weight.
#pragma once

#include <cstdint>
#include <limits>
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
  void add(const PurchaseSpan& p) {
    if (p.first_day < first_day[p.product]) first_day[p.product] = p.first_day;
    if (p.last_day > last_day[p.product]) last_day[p.product] = p.last_day;
  }
};

// Per product as of `as_of`: log1p(days since its last sale x its purchase days per day since
// its first sale), its purchase days (household-days with it) from the cycle sums; 0 for a
// product never sold.
std::vector<double> missed_sales(const SaleDays& sales, const CycleSums& cycles, std::int32_t as_of);

}  // namespace basketgap::engine
