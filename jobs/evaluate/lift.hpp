// `evaluate --lift` (docs/EVALUATE.md, "The lift view"): the purchase rate of the couponed
// products in the treated group against the control group's would-be coupons, over the window
// (T, T+W], with a 95 % confidence interval for the difference.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "engine/backtest_split.hpp"
#include "engine/partition.hpp"

namespace basketgap::evaluate {

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

struct LiftGroup {
  std::int64_t households = 0;
  std::int64_t coupons = 0;          // distinct (would-be) coupon products, summed over households
  std::int64_t bought = 0;           // of which bought in the window
  MeanVariance share;                // per household: bought / coupons
  MeanVariance buyer;                // per household: 1 when bought > 0
};

struct LiftResult {
  bool present = false;
  std::int32_t first_day = 0, last_day = 0;  // the window (T, T+W]
  LiftGroup treated, control;
  Difference share, buyer_rate;              // treated - control
};

// One household's record, gathered to rank 0 in household order (no padding).
struct LiftRecord {
  std::int32_t group = 0;   // 0 treated, 1 control
  std::int32_t coupons = 0; // distinct listed products
  std::int32_t bought = 0;  // of which in the truth
  std::int32_t unused = 0;
};

// This rank's households' lists: group -1 (not counted), 0 treated, 1 control; products dense
// store indices (-2 = not in the store: counted, never bought), distinct, -1 padding.
struct LiftLists {
  int k = 0;
  std::vector<std::int8_t> group;      // [range.size()]
  std::vector<std::int32_t> product;   // [range.size() x k]
};

// Reads the coupons file (whole, on every rank) and keeps households [range.begin, range.end).
// Throws Error(exit_data) when the file has no /households/control_product_id, and a
// UsageError (raised on all ranks) when it has no control household with a would-be list.
LiftLists load_lift_lists(const std::string& path, const std::vector<std::int64_t>& household_ids,
                          const std::vector<std::int64_t>& product_ids, engine::Range range);

// The counted households of this rank, in household order.
std::vector<LiftRecord> lift_records(const LiftLists& lists, const engine::ProductSets& truth);

// Rank 0: the summary over all records (in household order).
LiftResult summarise_lift(std::span<const LiftRecord> records);

}  // namespace basketgap::evaluate
