// What a rank of `score` writes into the coupons file, assembled from its scoring: dense
// indices become external ids, the campaign flags and segments become the household columns,
// and the run is described in the root attributes (docs/FORMATS.md, docs/CAMPAIGN.md).
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "engine/score_config.hpp"
#include "io/coupons/writer.hpp"
#include "jobs/config/campaign_config.hpp"
#include "jobs/score/pipeline.hpp"
#include "jobs/score/segments.hpp"

namespace basketgap {

class Comm;

// This rank's households, by block index.
struct RankHouseholds {
  std::span<const std::int64_t> id;       // external ids
  std::span<const std::int8_t> consent;   // from the store
  std::span<const std::uint8_t> control;  // held out as control (campaign)
  std::span<const std::uint8_t> event;    // given the birthday event slot (campaign)
};

// What the file records about the run besides the coupons.
struct ScoreRun {
  std::int32_t as_of = 0;
  const engine::ScoreConfig* config = nullptr;
  const CampaignConfig* campaign = nullptr;
  int mailing_month = 0;  // 0 = unknown
  std::string store_fingerprint;
  std::int64_t store_version = 1;  // the store batches 1..V scored
  std::string run_id;              // the output's token
  // The category level used: the level alone, not the counts, which grow with later products
  // files and would make a pinned rerun's file differ from its first run's.
  std::string categories;
};

struct CouponsOutput {
  io::CouponsPart part;
  std::int64_t held_out = 0;          // control households, all ranks
  std::int64_t event_households = 0;  // non-control households with an event slot, all ranks
  std::int64_t event_coupons = 0;     // coupons with reason event, all ranks (none when no product fits)
};

// Collective: the rows of the lower ranks and the totals come from the other ranks. Takes
// `scored.coupons` (moved into the file's columns, so the two never coexist in full).
CouponsOutput coupons_output(ScoringOutput& scored, const HouseholdSegments& segments,
                             const RankHouseholds& households, std::span<const std::int64_t> product_ids,
                             const ScoreRun& run, const Comm& comm);

// How full the lists of the households not held out as control are, over every rank.
struct ListFill {
  std::int64_t coupons = 0;  // coupons in those lists
  std::int64_t short_lists =
      0;  // lists with fewer than k coupons (few eligible products, caps, a short history)
};
// Collective.
ListFill list_fill(const io::CouponsPart& part, const Comm& comm);

}  // namespace basketgap
