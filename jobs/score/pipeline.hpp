// The distributed scoring pipeline shared by `score` and `evaluate`: global statistics and
// the item-similarity table (reduced and routed over MPI), the blend fitted on a validation
// window that ends at the as-of day, then K coupons for each of this rank's households.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "engine/blend_model.hpp"
#include "engine/campaign_rules.hpp"
#include "engine/candidates.hpp"
#include "engine/history.hpp"
#include "engine/missed_sales.hpp"
#include "engine/score_config.hpp"

namespace basketgap {

class Comm;
class JobTraffic;
class ScoreCheckpoint;

struct ScoringInput {
  const engine::HistoryBlock* block = nullptr;               // this rank's households, all days
  const std::vector<std::int64_t>* household_ids = nullptr;  // external ids of the block's households
  std::int64_t products = 0;                                 // size of the product dictionary
  std::int32_t as_of = 0;
  const std::vector<std::int64_t>* product_ids =
      nullptr;  // the products' external ids (the log's); may be null
  // Per product its category (jobs/score/product_categories.hpp); empty: no category features.
  std::span<const std::int32_t> product_category{};
  // Resume after SIGTERM/preemption (jobs/score/checkpoint.hpp); nullptr = always compute.
  ScoreCheckpoint* checkpoint = nullptr;
  // A campaign (docs/CAMPAIGN.md); nullptr = none, exactly the backtest behaviour. Its
  // `fallback` is filled here from the popularity as of as_of.
  const engine::CampaignRules* campaign = nullptr;
  const std::vector<std::uint8_t>* control = nullptr;  // per block household: held out (scored, row emptied)
  const std::vector<std::uint8_t>* event_slot = nullptr;  // per block household: birthday month
  // A learned blend whose validation fold has no samples: an error (score without
  // --allow-default-blend), else a warning and the default blend.
  bool require_fitted_blend = false;
  // Per-stage traffic and balance lines (fit, context, select); nullptr = none (evaluate).
  JobTraffic* traffic = nullptr;
};

struct ScoringOutput {
  engine::CouponTable coupons;  // one row per eligible household of this rank
  // With a control group: the would-be list of each control row ([rows x k], dense product,
  // -1 elsewhere), whose `coupons` row is left empty. Empty without a control group.
  std::vector<std::int32_t> control_product;
  std::vector<std::int64_t> eligible;  // local household index of each row
  engine::BlendModel model;
  std::int64_t neighbour_pairs = 0;  // size of the neighbour table
};

// Collective. Per-stage timings go to the log of rank 0.
ScoringOutput run_scoring(const ScoringInput& input, const engine::ScoreConfig& config, const Comm& comm);

// One rank's per-product population counts as of one day (households with a purchase on or
// before it, the sums of the population cycles, recent buyers), before the reduction over ranks.
struct PopulationCounts {
  engine::CycleSums cycles;
  engine::SaleDays sales;
  std::vector<std::int64_t> recent_buyers;
  std::int64_t households = 0;
  std::int64_t most_products = 0;  // the most distinct products one household bought (this rank)
  explicit PopulationCounts(std::int64_t products)
      : cycles(static_cast<std::size_t>(products)),
        sales(static_cast<std::size_t>(products)),
        recent_buyers(static_cast<std::size_t>(products), 0) {}
};

// The counts as of each of `days` (ascending) from one pass over the block's rows.
std::vector<PopulationCounts> count_population(const engine::HistoryBlock& block,
                                               std::span<const std::int32_t> days, std::int64_t products,
                                               const engine::ScoreConfig& config);

// Collective: global statistics and neighbours as of `as_of` (exposed for tests and tuning).
// `counted`: this rank's counts as of `as_of` when a shared pass made them already (moved from).
engine::ScoringContext build_context(const engine::HistoryBlock& block, std::int32_t as_of,
                                     std::int64_t products, const engine::ScoreConfig& config,
                                     const Comm& comm,
                                     const std::vector<std::int64_t>* household_ids = nullptr,
                                     PopulationCounts* counted = nullptr);

}  // namespace basketgap
