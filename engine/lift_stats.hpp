// The statistics of the lift view (docs/EVALUATE.md, "The lift view"): per-household values of
// the treated and control groups, their means and sample variances, and the Welch interval for
// the difference of the means.
#pragma once

#include <cstdint>
#include <limits>
#include <span>

namespace basketgap::engine {

// The two-sided 95 % quantile of the standard normal distribution.
inline constexpr double kZ95 = 1.959963984540054;

struct MeanVariance {
  std::int64_t n = 0;
  double mean = 0;
  double variance = std::numeric_limits<double>::quiet_NaN();  // sample variance (n - 1); NaN when n < 2
};

// Two passes in the given order (deterministic for a fixed order).
MeanVariance mean_variance(std::span<const double> values);

// a.mean - b.mean with the Welch (unpooled) standard error sqrt(va/na + vb/nb) and the normal
// 95 % interval estimate -/+ kZ95 * se. se and the bounds are NaN when a group has < 2 values.
struct Difference {
  double estimate = 0;
  double standard_error = std::numeric_limits<double>::quiet_NaN();
  double ci_low = std::numeric_limits<double>::quiet_NaN();
  double ci_high = std::numeric_limits<double>::quiet_NaN();
};
Difference welch_difference(const MeanVariance& a, const MeanVariance& b);

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
