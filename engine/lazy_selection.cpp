#include "engine/lazy_selection.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <span>

#include "engine/select.hpp"

namespace basketgap::engine {

namespace {

// Whether an explore candidate whose logit is at most `bound` could be among the first
// `ranks` of a household whose other candidates are `repeat` (scored or bounded): false only
// when at least `ranks` of those have a logit (or lower bound) above it by select_coupons'
// margin.
bool explore_may_rank(const std::vector<Candidate>& repeat, double bound, std::size_t ranks) {
  if (ranks == 0 || repeat.size() < ranks) return true;
  // Whether the ranks-th largest lower bound T of the repeat candidates has bound + margin < T,
  // inside select_coupons' guards (outside them it orders every candidate by its score):
  // counted, not selected — T > x exactly when at least `ranks` lower bounds exceed x.
  const double above = std::max(bound + kRankMargin, kBoundsDecideAbove);
  std::size_t over_bound = 0, saturated = 0;
  for (const Candidate& c : repeat) {
    const double floor = c.pending_history >= 0 ? c.logit_floor : c.logit;
    over_bound += floor > above;
    saturated += floor >= kBoundsDecideBelow;
  }
  return !(over_bound >= ranks && saturated < ranks);
}

// Under campaign rules (no discovery slots): selects row `row` from the repeat
// candidates alone and returns true when that row is the one of selecting with the explore
// candidates too (every coupon's logit above `explore_bound`, whatever their number); else
// clears the row and returns false.
bool select_without_explore(std::vector<Candidate>& repeat, const ScoringContext& context,
                            const ScoreConfig& config, CouponTable& table, std::int64_t row,
                            const CampaignRules& rules, bool event_slot,
                            const CandidateCompletion& completion, double explore_bound) {
  // Under campaign rules the selection walks past ineligible and capped candidates, so which
  // ranks it reaches is known only by selecting. Select from the repeat candidates alone: if
  // the row is full and every coupon's logit lies above the explore bound (inside the guards
  // where sigmoid keeps them strictly apart), every explore candidate ranks below every coupon,
  // every walk (the event slot's, the reward slots', the rest's) stops before reaching one and
  // the fallback adds nothing: the row is that of selecting with them. A full row also means
  // the event product, if any, is a candidate, not the fallback's. Discovery slots are left to
  // the caller (they look for new products).
  TakenCandidates taken;
  select_coupons(repeat, context, config, table, row, &rules, event_slot, &completion, &taken);
  const double above = std::max(explore_bound + kRankMargin, kBoundsDecideAbove);
  if (taken.count == table.k && taken.lowest_logit > above && taken.lowest_logit < kBoundsDecideBelow)
    return true;
  table.clear_row(row);  // the caller selects again, with the explore candidates
  return false;
}

// Completes every pending candidate that could be among the `top` best by the blend's logit:
// those whose upper bound reaches the `top`-th largest lower bound. Those left pending lie
// strictly below at least `top` others (their logit is at most their bound).
void complete_blends_best(std::vector<Candidate>& candidates, std::size_t top,
                          const CandidateCompletion& completion) {
  double threshold = -HUGE_VAL;
  if (candidates.size() > top) {
    thread_local std::vector<double> floors;
    floors.clear();
    for (const Candidate& c : candidates) floors.push_back(c.pending_history >= 0 ? c.logit_floor : c.logit);
    std::nth_element(floors.begin(), floors.begin() + static_cast<std::ptrdiff_t>(top - 1), floors.end(),
                     std::greater<>());
    threshold = floors[top - 1];
  }
  for (Candidate& c : candidates)
    if (c.pending_history >= 0 && !(c.logit + kRankMargin < threshold)) completion.complete(c);
}

// A second stage re-ranks the blend's best `tree_candidates`: only those need every feature.
// Without rules, an event slot or slot minimums, and with K within them, the coupons are the
// second stage's best of them; otherwise every candidate is built and scored.
void select_reranked_lazily(const HistoryBlock& block, std::int64_t h, const ScoringContext& context,
                            const ScoreConfig& config, const BlendModel& model, const ExploreBound* explore,
                            CandidateScratch& scratch, std::vector<Candidate>& candidates, CouponTable& table,
                            std::int64_t row, const CampaignRules* rules, bool event_slot) {
  const auto top = static_cast<std::size_t>(std::max(config.tree_candidates, 1));
  const bool first_ranks_only = !rules && !event_slot && config.reward_slots <= 0 &&
                                config.discovery_slots <= 0 && table.k > 0 &&
                                static_cast<std::size_t>(table.k) <= top;
  if (!first_ranks_only) {
    build_candidates(block, h, context, config, candidates, scratch);
    score_candidates(model, config.tree_candidates, candidates);
    select_coupons(candidates, context, config, table, row, rules, event_slot);
    return;
  }
  BlendModel blend;  // the first stage's bounds: the blend alone (its weights, not the trees)
  blend.weights = model.weights;
  blend.learned = model.learned;
  build_repeat_candidates(block, h, context, config, candidates, scratch, DueProbability::deferred);
  score_candidates_bounded(blend, candidates);
  const bool bound_usable = explore && std::isfinite(scratch.weight_sum);
  const double bound = bound_usable ? explore->logit_bound(scratch) : 0.0;
  if (!bound_usable || explore_may_rank(candidates, bound, top)) {
    const std::size_t repeat = candidates.size();
    add_explore_candidates(context, config, candidates, scratch);
    score_candidates_bounded(blend, std::span<Candidate>(candidates).subspan(repeat));
  }
  complete_blends_best(candidates, top, BlendCompletion(blend, scratch, context, config));
  // What is still pending ranks below `top` candidates by the blend: never re-ranked, and the
  // coupons (K <= top of them) come from the re-ranked ones. The rest are scored as
  // score_candidates scores every candidate: the same bits.
  std::erase_if(candidates, [](const Candidate& c) { return c.pending_history >= 0; });
  score_candidates(model, config.tree_candidates, candidates);
  select_coupons(candidates, context, config, table, row);
}

}  // namespace

void select_household_lazily(const HistoryBlock& block, std::int64_t h, const ScoringContext& context,
                             const ScoreConfig& config, const BlendModel& model, const ExploreBound* explore,
                             CandidateScratch& scratch, std::vector<Candidate>& candidates,
                             CouponTable& table, std::int64_t row, const CampaignRules* rules,
                             bool event_slot) {
  if (model.has_second_stage()) {
    select_reranked_lazily(block, h, context, config, model, explore, scratch, candidates, table, row, rules,
                           event_slot);
    return;
  }
  build_repeat_candidates(block, h, context, config, candidates, scratch, DueProbability::deferred);
  score_candidates_bounded(model, candidates);
  // With rules, an event slot or slot minimums the selection may walk down every rank.
  const bool first_ranks_only =
      !rules && !event_slot && config.reward_slots <= 0 && config.discovery_slots <= 0 && table.k > 0;
  const bool bound_usable = explore && table.k > 0 && std::isfinite(scratch.weight_sum);
  const double bound = bound_usable ? explore->logit_bound(scratch) : 0.0;
  const bool skip_explore =
      bound_usable && first_ranks_only && !explore_may_rank(candidates, bound, decided_ranks(table.k));
  const BlendCompletion completion(model, scratch, context, config);
  if (!skip_explore && bound_usable && rules && config.discovery_slots <= 0 &&
      select_without_explore(candidates, context, config, table, row, *rules, event_slot, completion, bound))
    return;
  if (!skip_explore) {
    const std::size_t repeat = candidates.size();
    add_explore_candidates(context, config, candidates, scratch);
    score_candidates_bounded(model, std::span<Candidate>(candidates).subspan(repeat));
  }
  select_coupons(candidates, context, config, table, row, rules, event_slot, &completion);
}

}  // namespace basketgap::engine
