// The place where `evaluate` will call the scoring engine when no --coupons file is given.
#pragma once

#include "engine/history.hpp"

namespace basketgap {
class Comm;
}

namespace basketgap::evaluate {

// ======================= SCORING ENGINE HOOK =======================
// Takes this rank's households cut at the as-of day (rows with day <= T only) and returns
// their K-slot lists [history.households() x k]. Global statistics may use `comm` (every rank
// calls this). Until the engine exists it returns an empty table (0 households) and
// `evaluate` shows the baselines only.
engine::CouponTable score_with_engine(const engine::HistoryBlock& history_up_to_t, int k,
                                      const Comm& comm);

}  // namespace basketgap::evaluate
