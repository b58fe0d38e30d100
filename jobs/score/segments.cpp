#include "jobs/score/segments.hpp"

#include <fmt/format.h>

#include "jobs/cluster/comm.hpp"

namespace basketgap {
namespace {

struct Bin {
  std::int64_t value, count;
};

engine::Quintiles global_quintiles(const std::vector<std::int64_t>& values, const Comm& comm) {
  std::vector<Bin> local;
  for (const auto& [v, c] : engine::histogram_of(values)) local.push_back({v, c});
  engine::Histogram all;
  for (const Bin& b : comm.allgatherv<Bin>(local)) all.emplace_back(b.value, b.count);
  return engine::quintiles(engine::merge_histograms(std::move(all)));
}

std::string cuts_text(const engine::Quintiles& q) {
  return fmt::format("{}/{}/{}/{}", q.cut[0], q.cut[1], q.cut[2], q.cut[3]);
}

}  // namespace

std::string HouseholdSegments::describe() const {
  return fmt::format(
      "recency_days<= {} (score 5..2), baskets<= {}, monetary{}<= {} (score 1..4); "
      "tier by R+F+M: bronze 3-6, silver 7-9, gold 10-12, platinum 13-15",
      cuts_text(recency_cuts), cuts_text(frequency_cuts), spend_known ? "(spend units)" : "(purchase lines)",
      cuts_text(monetary_cuts));
}

std::vector<engine::HouseholdActivity> household_activities(const engine::HistoryBlock& block,
                                                            std::span<const double> spend,
                                                            const std::vector<std::int64_t>& rows,
                                                            std::int32_t as_of) {
  std::vector<engine::HouseholdActivity> activity;
  activity.reserve(rows.size());
  for (std::int64_t h : rows)
    activity.push_back(engine::household_activity(block, h, as_of, spend.empty() ? 0.0 : spend[h]));
  return activity;
}

HouseholdSegments compute_segments(const std::vector<engine::HouseholdActivity>& activity,
                                   std::span<const double> spend, std::int32_t as_of, int new_days,
                                   int lapsing_days, const Comm& comm) {
  HouseholdSegments s;
  bool any_spend = false;
  for (double v : spend) any_spend = any_spend || v != 0.0;
  s.spend_known = comm.any(any_spend);

  const std::size_t n = activity.size();
  std::vector<std::int64_t> r, f, m;
  r.reserve(n);
  f.reserve(n);
  m.reserve(n);
  for (const engine::HouseholdActivity& a : activity) {
    const engine::RfmValues v = engine::rfm_values(a, as_of, s.spend_known);
    r.push_back(v.recency);
    f.push_back(v.frequency);
    m.push_back(v.monetary);
  }
  s.recency_cuts = global_quintiles(r, comm);
  s.frequency_cuts = global_quintiles(f, comm);
  s.monetary_cuts = global_quintiles(m, comm);
  for (auto* scores : {&s.recency, &s.frequency, &s.monetary, &s.tier, &s.cohort}) scores->reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const int rs = engine::quintile_score(r[i], s.recency_cuts, true);
    const int fs = engine::quintile_score(f[i], s.frequency_cuts, false);
    const int ms = engine::quintile_score(m[i], s.monetary_cuts, false);
    s.recency.push_back(static_cast<std::int8_t>(rs));
    s.frequency.push_back(static_cast<std::int8_t>(fs));
    s.monetary.push_back(static_cast<std::int8_t>(ms));
    s.tier.push_back(static_cast<std::int8_t>(engine::value_tier(rs, fs, ms)));
    s.cohort.push_back(
        static_cast<std::int8_t>(engine::activity_cohort(activity[i], as_of, new_days, lapsing_days)));
  }
  return s;
}

}  // namespace basketgap
