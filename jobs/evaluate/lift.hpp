// `evaluate --lift` (docs/EVALUATE.md, "The lift view"): the purchase rate of the couponed
// products in the treated group against the control group's would-be coupons, over the window
// (T, T+W], with a 95 % confidence interval for the difference. Here the lists are read and
// judged; the statistics are the engine's.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/backtest_split.hpp"
#include "engine/lift_stats.hpp"
#include "engine/partition.hpp"

namespace basketgap::evaluate {

// The groups, as the report states them.
inline constexpr const char* kTreatedDefinition =
    "households that were mailed: consent = 1, not control, at least one coupon (the export's rule)";
inline constexpr const char* kControlDefinition =
    "consented control households with a would-be list (held out: mailed nothing)";

// Where each row of the coupons file went: the two groups and every reason for leaving a
// row out (each row counted once; they add up to `file_households`).
struct LiftRows {
  std::int64_t file_households = 0;
  std::int64_t treated = 0, control = 0;
  std::int64_t not_in_store = 0;          // the store does not know the household
  std::int64_t no_consent = 0;            // consent 0 or unknown: never mailed (nor a control)
  std::int64_t no_coupon = 0;             // consented, not control, empty list: not mailed
  std::int64_t control_without_list = 0;  // consented control without a would-be list
};

// The lift statistics over the window (T, T+W] (engine/lift_stats.hpp).
struct LiftResult : engine::LiftSummary {
  bool present = false;
  std::int32_t first_day = 0, last_day = 0;
  LiftRows rows;
};

// This rank's households' lists: group -1 (not counted), 0 treated, 1 control; products dense
// store indices (-2 = not in the store: counted, never bought), distinct, -1 padding.
struct LiftLists {
  int k = 0;
  std::vector<std::int8_t> group;     // [range.size()]
  std::vector<std::int32_t> product;  // [range.size() x k]
  LiftRows rows;                      // the whole file's (every rank reads all of it)
};

// Reads the coupons file (whole, on every rank) and keeps households [range.begin, range.end).
// Throws Error(exit_data) when the file has no /households/control_product_id or consent
// column, and a UsageError (raised on all ranks) when no consented control household has a
// would-be list.
LiftLists load_lift_lists(const std::string& path, const std::vector<std::int64_t>& household_ids,
                          const std::vector<std::int64_t>& product_ids, engine::Range range);

// The counted households of this rank, in household order.
std::vector<engine::LiftRecord> lift_records(const LiftLists& lists, const engine::ProductSets& truth);

}  // namespace basketgap::evaluate
