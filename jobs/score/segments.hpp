// Collective: the RFM value tier and activity cohort of this rank's scored households, with
// quintile thresholds from exact histograms merged over all ranks (rank-count independent).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "engine/history.hpp"
#include "engine/rfm_segments.hpp"

namespace basketgap {

class Comm;

struct HouseholdSegments {
  std::vector<std::int8_t> recency, frequency, monetary;  // scores 1..5, one per row
  std::vector<std::int8_t> tier, cohort;                  // codes into kTierNames / kCohortNames
  engine::Quintiles recency_cuts, frequency_cuts, monetary_cuts;
  bool spend_known = false;      // false: monetary counts purchase lines (the store has no spend)
  std::string describe() const;  // thresholds as one line, for the coupons file
};

// What the segments need of each scored household's rows, so the rows can be freed before the
// segments are computed (the write stage's peak memory). `rows` are block household indices
// (the coupons file's rows); `spend` has each block household's spend up to as_of
// (load_history); all zero: the store has no spend.
std::vector<engine::HouseholdActivity> household_activities(const engine::HistoryBlock& block,
                                                            std::span<const double> spend,
                                                            const std::vector<std::int64_t>& rows,
                                                            std::int32_t as_of);

// `activity` in the coupons file's row order; `spend` as above (only whether any is non-zero).
HouseholdSegments compute_segments(const std::vector<engine::HouseholdActivity>& activity,
                                   std::span<const double> spend, std::int32_t as_of, int new_days,
                                   int lapsing_days, const Comm& comm);

}  // namespace basketgap
