#include "jobs/score/coupons_output.hpp"

#include <algorithm>

#include "engine/history.hpp"
#include "engine/rfm_segments.hpp"
#include "jobs/cluster/comm.hpp"
#include "jobs/config/job_config.hpp"

namespace basketgap {
namespace {

io::CouponCodeNames code_names() {
  io::CouponCodeNames names;
  for (int r = 0; r < engine::kReasonCount; ++r)
    names.reason.emplace_back(engine::reason_name(static_cast<engine::Reason>(r)));
  names.tier.assign(engine::kTierNames.begin(), engine::kTierNames.end());
  names.cohort.assign(engine::kCohortNames.begin(), engine::kCohortNames.end());
  return names;
}

std::int64_t external(std::span<const std::int64_t> product_ids, std::int32_t p) {
  return p >= 0 ? product_ids[p] : -1;
}

// The lists in the file's terms (external ids). Takes the engine's columns, each freed once
// converted: with millions of households a rank would hold both tables at once (13 + 29 bytes
// a coupon) at the peak of its memory.
io::CouponRows coupon_rows(engine::CouponTable&& coupons, std::span<const std::int64_t> eligible,
                           std::span<const std::int64_t> household_ids,
                           std::span<const std::int64_t> product_ids, int k) {
  io::CouponRows rows;
  rows.k = k;
  for (std::int64_t h : eligible) rows.household_id.push_back(household_ids[h]);
  const auto external_ids = [&](std::vector<std::int32_t>&& dense) {
    std::vector<std::int64_t> ids(dense.size());
    for (std::size_t i = 0; i < dense.size(); ++i) ids[i] = external(product_ids, dense[i]);
    std::vector<std::int32_t>().swap(dense);
    return ids;
  };
  rows.score = std::move(coupons.score);
  rows.reason = std::move(coupons.reason);
  rows.product_id = external_ids(std::move(coupons.product));
  rows.source_product_id = external_ids(std::move(coupons.source));
  return rows;
}

io::CouponHouseholdColumns household_columns(const ScoringOutput& scored, const HouseholdSegments& segments,
                                             const RankHouseholds& households,
                                             std::span<const std::int64_t> product_ids) {
  io::CouponHouseholdColumns c;
  for (std::int64_t h : scored.eligible) {
    c.consent.push_back(households.consent[h]);
    c.control.push_back(static_cast<std::int8_t>(households.control[h]));
  }
  // Would-be lists of control households (docs/CAMPAIGN.md), -1 on the other rows.
  c.control_product_id.assign(scored.eligible.size() * static_cast<std::size_t>(scored.coupons.k), -1);
  for (std::size_t i = 0; i < scored.control_product.size(); ++i)
    c.control_product_id[i] = external(product_ids, scored.control_product[i]);
  c.tier = segments.tier;
  c.cohort = segments.cohort;
  c.rfm_recency = segments.recency;
  c.rfm_frequency = segments.frequency;
  c.rfm_monetary = segments.monetary;
  return c;
}

io::CouponsAttributes attributes(const ScoringOutput& scored, const HouseholdSegments& segments,
                                 const ScoreRun& run, const Comm& comm) {
  const CampaignConfig& campaign = *run.campaign;
  io::CouponsAttributes a;
  a.as_of_day = run.as_of;
  a.run_id = run.run_id;
  // The level the config names may not be the one used (no sub-commodity in the products file,
  // or no products file): the comment says which was.
  a.config =
      describe(*run.config) + "# categories used: " + run.categories + "\n\n" + scored.model.describe();
  if (campaign.enabled) a.config.append("\n").append(describe(campaign));
  a.campaign = describe(campaign);
  a.campaign_salt = campaign.salt;
  a.segments = segments.describe();
  a.mailing_month = run.mailing_month;
  a.store_fingerprint = run.store_fingerprint;
  a.store_version = run.store_version;
  a.ranks = comm.size();
  a.control_share = campaign.enabled ? campaign.control_share : 0.0;
  return a;
}

}  // namespace

CouponsOutput coupons_output(ScoringOutput& scored, const HouseholdSegments& segments,
                             const RankHouseholds& households, std::span<const std::int64_t> product_ids,
                             const ScoreRun& run, const Comm& comm) {
  CouponsOutput out;
  for (std::int64_t h : scored.eligible) {
    out.held_out += households.control[h];
    out.event_households += households.event[h] && !households.control[h];
  }
  out.held_out = comm.allreduce(out.held_out, ReduceOp::sum);
  out.event_households = comm.allreduce(out.event_households, ReduceOp::sum);
  out.event_coupons = comm.allreduce(
      static_cast<std::int64_t>(std::count(scored.coupons.reason.begin(), scored.coupons.reason.end(),
                                           static_cast<std::uint8_t>(engine::Reason::event))),
      ReduceOp::sum);

  io::CouponsPart& part = out.part;
  part.households = household_columns(scored, segments, households, product_ids);
  part.rows =
      coupon_rows(std::move(scored.coupons), scored.eligible, households.id, product_ids, run.config->k);
  const auto mine = static_cast<std::int64_t>(part.rows.households());
  part.first_row = comm.exclusive_prefix_sum(mine);
  part.file_rows = comm.allreduce(mine, ReduceOp::sum);
  part.names = code_names();
  part.attributes = attributes(scored, segments, run, comm);
  return out;
}

ListFill list_fill(const io::CouponsPart& part, const Comm& comm) {
  ListFill fill;
  const io::CouponRows& rows = part.rows;
  const auto k = static_cast<std::size_t>(rows.k);
  for (std::size_t h = 0; h < rows.households(); ++h) {
    if (h < part.households.control.size() && part.households.control[h] != 0) continue;
    const auto first = rows.product_id.begin() + static_cast<std::ptrdiff_t>(h * k);
    const auto filled =
        std::count_if(first, first + static_cast<std::ptrdiff_t>(k), [](std::int64_t p) { return p >= 0; });
    fill.coupons += filled;
    fill.short_lists += static_cast<std::size_t>(filled) < k;
  }
  fill.coupons = comm.allreduce(fill.coupons, ReduceOp::sum);
  fill.short_lists = comm.allreduce(fill.short_lists, ReduceOp::sum);
  return fill;
}

}  // namespace basketgap
