// The statistics of the lift view (docs/EVALUATE.md, "The lift view"): per-household values of
// the treated and control groups, their means and sample variances, and the Welch interval for
// the difference of the means (engine/intervals.hpp).
#pragma once

#include <cstdint>
#include <span>

#include "engine/intervals.hpp"

namespace basketgap::engine {

// One household's outcome: of its `coupons` distinct (would-be) coupon products, `bought` were
// bought in the window. Plain integers, so records can be gathered over ranks as they are.
struct LiftRecord {
  std::int32_t group = 0;    // 0 treated, 1 control
  std::int32_t coupons = 0;  // distinct listed products, > 0
  std::int32_t bought = 0;   // of which bought
  std::int32_t unused = 0;   // padding, 0
};

struct LiftGroup {
  std::int64_t households = 0;
  std::int64_t coupons = 0;  // distinct (would-be) coupon products, summed over households
  std::int64_t bought = 0;   // of which bought in the window
  MeanVariance share;        // per household: bought / coupons
  MeanVariance buyer;        // per household: 1 when bought > 0
};

struct LiftSummary {
  LiftGroup treated, control;
  Difference share, buyer_rate;  // treated - control
};

// Sums the records in their order (a group other than 1 counts as treated).
LiftSummary summarise_lift(std::span<const LiftRecord> records);

}  // namespace basketgap::engine
