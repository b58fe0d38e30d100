// The purchase history of one household: shopping trips, what goes into each basket (due
// staples, associated and exploratory items), quantities, prices and return lines.
// A pure function of (catalogue, household, seed): the same household always gets the same
// rows whichever thread generates it.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/synth/catalog.hpp"
#include "engine/synth/household.hpp"
#include "engine/synth/staples.hpp"

namespace basketgap::engine::synth {

// One line of transactions.csv (money in cents).
struct TxnRow {
  std::int64_t household_key = 0;
  std::int64_t basket_id = 0;
  std::int32_t day = 0;
  std::int64_t product_id = 0;
  std::int32_t quantity = 0;
  std::int32_t sales_cents = 0;
  std::int32_t store_id = 0;
  std::int32_t retail_disc_cents = 0;
  std::int32_t trans_time = 0;  // HHMM
  std::int32_t coupon_disc_cents = 0;
  std::int32_t coupon_match_disc_cents = 0;
};

// Basket ids are kBasketIdBase + household index * kBasketIdStride + trip number: globally
// unique without any coordination between threads.
inline constexpr std::int64_t kBasketIdBase = 26'000'000'000;
inline constexpr std::int64_t kBasketIdStride = 4096;

inline constexpr double kReturnShare = 0.003;  // lines with QUANTITY <= 0

// What a household buys before any trip is made: its commodity weights (line share x
// affinity x taste) and its staples. Separate random stream from the trips.
struct HouseholdPlan {
  std::vector<double> weights;
  std::vector<Staple> staples;
};
HouseholdPlan plan_household(const Catalog& catalog, const Household& household, std::uint64_t seed);

// Appends the household's rows to `out`, ordered by day then basket.
void generate_transactions(const Catalog& catalog, const Household& household, std::uint64_t seed,
                           std::vector<TxnRow>& out);

}  // namespace basketgap::engine::synth
