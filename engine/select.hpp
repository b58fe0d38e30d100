// Blend and select: order a household's scored candidates into its K coupons, honouring the
// reward/discovery slot minimums, naming the reason of each, and filling empty slots with
// popular products so every household with history gets K coupons.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/candidates.hpp"
#include "engine/history.hpp"
#include "engine/score_config.hpp"

namespace basketgap::engine {

// Why this candidate would be couponed.
Reason reason_of(const Candidate& c, const ScoreConfig& config);

// Writes row `row` of `table` from `candidates` (their `score` set; reordered here).
// Total order: score desc, then product index asc.
void select_coupons(std::vector<Candidate>& candidates, const ScoringContext& context,
                    const ScoreConfig& config, CouponTable& table, std::int64_t row);

}  // namespace basketgap::engine
