// Household segments of a campaign (docs/CAMPAIGN.md): an RFM value tier and an activity
// cohort. Recency, frequency and monetary are integers so the quintile thresholds can be
// computed exactly from histograms merged across ranks (any rank count, same thresholds).
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "engine/history.hpp"

namespace basketgap::engine {

inline constexpr std::array<const char*, 4> kTierNames{"bronze", "silver", "gold", "platinum"};
inline constexpr std::array<const char*, 3> kCohortNames{"new", "established", "lapsing"};

// What one household did on or before the as-of day.
struct HouseholdActivity {
  std::int32_t first_day = 0, last_day = 0;
  std::int64_t baskets = 0;  // distinct baskets
  std::int64_t rows = 0;     // purchase lines
  double spend = 0;          // sum of the spend column, in row order
};

// `spend` is the household's spend up to as_of (summed in row order by the loader; 0 unknown).
HouseholdActivity household_activity(const HistoryBlock& block, std::int64_t h, std::int32_t as_of,
                                     double spend);

// The three RFM inputs: recency = as_of - last purchase day; frequency = baskets; monetary =
// whole currency units of spend (rounded down), or purchase lines when `spend_known` is false.
struct RfmValues {
  std::int64_t recency = 0, frequency = 0, monetary = 0;
};
RfmValues rfm_values(const HouseholdActivity& a, std::int32_t as_of, bool spend_known);

// (value, households) pairs sorted by value, values distinct.
using Histogram = std::vector<std::pair<std::int64_t, std::int64_t>>;
Histogram histogram_of(std::span<const std::int64_t> values);
// Merges a concatenation of histograms (e.g. gathered from every rank) into one.
Histogram merge_histograms(Histogram pairs);

// Quintile thresholds: cut[i] is the value at nearest rank ceil((i+1) n / 5) of the sorted
// values, i = 0..3. Equal values always fall in the same quintile.
struct Quintiles {
  std::array<std::int64_t, 4> cut{};
};
Quintiles quintiles(const Histogram& histogram);

// 1..5: the number of cuts strictly below `value`, plus one (5 = highest values); with
// `lower_is_better` (recency) reversed, so 5 = the most recent buyers.
int quintile_score(std::int64_t value, const Quintiles& q, bool lower_is_better);

// Tier from R+F+M (3..15): 0 bronze (3-6), 1 silver (7-9), 2 gold (10-12), 3 platinum (13-15).
int value_tier(int recency_score, int frequency_score, int monetary_score);

// 0 new (first purchase less than `new_days` before as_of), 1 established, 2 lapsing (no
// purchase in the last `lapsing_days`; wins over new).
int activity_cohort(const HouseholdActivity& a, std::int32_t as_of, int new_days, int lapsing_days);

}  // namespace basketgap::engine
