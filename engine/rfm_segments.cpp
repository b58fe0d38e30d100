#include "engine/rfm_segments.hpp"

#include <algorithm>
#include <cmath>

namespace basketgap::engine {

HouseholdActivity household_activity(const HistoryBlock& block, std::int64_t h, std::int32_t as_of,
                                     double spend) {
  HouseholdActivity a;
  a.spend = spend;
  block.for_each_run(h, [&](const HistoryBlock::DayRun& run) {
    if (run.day > as_of) return false;
    if (a.rows == 0) a.first_day = run.day;
    a.last_day = run.day;
    a.rows += run.end - run.begin;
    a.baskets += run.opens_basket;
    return true;
  });
  return a;
}

RfmValues rfm_values(const HouseholdActivity& a, std::int32_t as_of, bool spend_known) {
  RfmValues v;
  v.recency = static_cast<std::int64_t>(as_of) - a.last_day;
  v.frequency = a.baskets;
  v.monetary = spend_known ? static_cast<std::int64_t>(std::floor(std::max(0.0, a.spend))) : a.rows;
  return v;
}

Histogram histogram_of(std::span<const std::int64_t> values) {
  Histogram pairs;
  pairs.reserve(values.size());
  for (std::int64_t v : values) pairs.emplace_back(v, 1);
  return merge_histograms(std::move(pairs));
}

Histogram merge_histograms(Histogram pairs) {
  std::sort(pairs.begin(), pairs.end());
  Histogram out;
  for (const auto& [value, count] : pairs) {
    if (!out.empty() && out.back().first == value)
      out.back().second += count;
    else
      out.emplace_back(value, count);
  }
  return out;
}

Quintiles quintiles(const Histogram& histogram) {
  Quintiles q;
  std::int64_t n = 0;
  for (const auto& e : histogram) n += e.second;
  if (n == 0) return q;
  for (int i = 0; i < 4; ++i) {
    const std::int64_t rank = ((i + 1) * n + 4) / 5;  // ceil((i+1) n / 5), 1-based
    std::int64_t seen = 0;
    for (const auto& [value, count] : histogram) {
      seen += count;
      if (seen >= rank) {
        q.cut[i] = value;
        break;
      }
    }
  }
  return q;
}

int quintile_score(std::int64_t value, const Quintiles& q, bool lower_is_better) {
  int above = 0;
  for (std::int64_t c : q.cut) above += value > c;
  return lower_is_better ? 5 - above : 1 + above;
}

int value_tier(int recency_score, int frequency_score, int monetary_score) {
  const int sum = recency_score + frequency_score + monetary_score;
  if (sum >= 13) return 3;
  if (sum >= 10) return 2;
  if (sum >= 7) return 1;
  return 0;
}

int activity_cohort(const HouseholdActivity& a, std::int32_t as_of, int new_days, int lapsing_days) {
  if (as_of - a.last_day >= lapsing_days) return 2;
  if (as_of - a.first_day < new_days) return 0;
  return 1;
}

}  // namespace basketgap::engine
