// One household's coupons with as little of its candidates computed as the coupons need: the
// due probabilities of repeat candidates deferred (score_candidates_bounded), and the explore
// candidates (cross-sell and popular) not built at all when their logit bound lies below the
// ranks select_coupons decides. The coupons are exactly those of building and scoring every
// candidate (tests/engine/test_lazy_selection.cpp).
#pragma once

#include <cstdint>
#include <vector>

#include "engine/blend_model.hpp"
#include "engine/campaign_rules.hpp"
#include "engine/candidates.hpp"
#include "engine/explore_bound.hpp"
#include "engine/history.hpp"
#include "engine/score_config.hpp"

namespace basketgap::engine {

// Row `row` of `table` for local household `h`, as build_candidates + score_candidates +
// select_coupons would write it. With a second stage (trees, the pairwise re-rank) and neither
// campaign rules, event slot nor slot minimums, and K <= tree_candidates, only the candidates
// that could be among the blend's best `tree_candidates` are completed, and the explore
// candidates are built only if one could be; otherwise every candidate is built and scored.
// For the blend alone: `explore == nullptr`: the explore
// candidates are always built. They are skipped without campaign rules, event slot and
// slot minimums when the first ranks are surely repeat candidates, and under campaign rules
// (no discovery slots) when the selection from the repeat candidates alone surely stops above
// every explore candidate.
void select_household_lazily(const HistoryBlock& block, std::int64_t h, const ScoringContext& context,
                             const ScoreConfig& config, const BlendModel& model, const ExploreBound* explore,
                             CandidateScratch& scratch, std::vector<Candidate>& candidates,
                             CouponTable& table, std::int64_t row, const CampaignRules* rules,
                             bool event_slot);

}  // namespace basketgap::engine
