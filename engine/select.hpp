// Blend and select: order a household's scored candidates into its K coupons, honouring the
// reward/discovery slot minimums, naming the reason of each, and filling empty slots with
// popular products so every household with history gets K coupons.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/campaign_rules.hpp"
#include "engine/candidates.hpp"
#include "engine/history.hpp"
#include "engine/score_config.hpp"

namespace basketgap::engine {

// How many ranks select_coupons orders up front, given as many candidates: K and a few more.
// The coupons come from these unless campaign rules or slot minimums skip some.
std::size_t decided_ranks(int k);

// A candidate whose logit (or upper bound) is this far below the decided ranks' lowest lower
// bound cannot be among them: sigmoid is strictly increasing there.
inline constexpr double kRankMargin = 1e-6;
// ...when that lowest lower bound lies strictly between these logits: towards the tails scores
// tie (1.0 to the last bit above ~37, 0 after underflow below ~-745), and only every candidate's
// score, ties broken by product, orders them.
inline constexpr double kBoundsDecideAbove = -500, kBoundsDecideBelow = 15;

// Why this candidate would be couponed.
Reason reason_of(const Candidate& c, const ScoreConfig& config);

// Writes row `row` of `table` from `candidates` (their `score` set; left in place).
// Total order: tier asc (the candidates the trees re-ranked before those the blend alone
// ranked), then score desc, then product index asc.
void select_coupons(std::vector<Candidate>& candidates, const ScoringContext& context,
                    const ScoreConfig& config, CouponTable& table, std::int64_t row);

// The same under a campaign (docs/CAMPAIGN.md): only eligible products, at most
// max_per_department / max_per_commodity per household, the popular fallback taken from
// `rules.fallback`; with `event_slot`, first the best eligible event product (Reason::event:
// the best-scoring candidate, else the most popular fallback product, in an event department).
// `rules == nullptr` is exactly the overload above. With `completion`, candidates may be
// pending (score_candidates_bounded): each is completed only when its bound could rank it
// before a candidate the selection reaches — the same coupons as scoring every one.
// With `taken`, what the row holds from the candidates: how many, and the lowest logit among
// them (exact: a couponed candidate is always completed).
struct TakenCandidates {
  int count = 0;
  double lowest_logit = 0;
};
void select_coupons(std::vector<Candidate>& candidates, const ScoringContext& context,
                    const ScoreConfig& config, CouponTable& table, std::int64_t row,
                    const CampaignRules* rules, bool event_slot,
                    const CandidateCompletion* completion = nullptr, TakenCandidates* taken = nullptr);

}  // namespace basketgap::engine
