// How `evaluate` runs the scoring engine itself (no --coupons), and the --tune search of its
// main hyper-parameters on a validation window that ends on or before the as-of day.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/history.hpp"
#include "engine/intervals.hpp"
#include "engine/score_config.hpp"
#include "io/store/tables.hpp"

namespace basketgap {
class Comm;
}

namespace basketgap::evaluate {

// `products`: the store's products table (its size and categories).
// This rank's households cut at the as-of day (rows with day <= as_of ONLY: the engine
// cannot see the truth) -> their K-slot lists [history.households() x k]. Collective.
// `require_fitted_blend`: a learned blend whose validation fold cannot be fitted is exit 64 (as in
// score), else the default blend, and `*used_default_blend` (when given) says so.
// `*model_summary` (when given): which model ranked (engine::BlendModel::summary: the fit's choice).
engine::CouponTable score_with_engine(const engine::HistoryBlock& history_up_to_t,
                                      const std::vector<std::int64_t>& household_ids,
                                      const io::ProductTable& products, std::int32_t as_of,
                                      const engine::ScoreConfig& config, const Comm& comm,
                                      bool require_fitted_blend = false, bool* used_default_blend = nullptr,
                                      std::string* model_summary = nullptr);

struct TuningStep {
  std::string change;  // e.g. "half_life_days = 60"
  double validation_ndcg = 0;
  bool kept = false;
  engine::Difference gain;  // over the best before it, paired per household (none for "start")
};

// What the search did: its steps, and the validation as-of days whose blend could not be fitted
// (judged with the default blend, --allow-default-blend), earliest first.
struct Tuning {
  std::vector<TuningStep> steps;
  std::vector<std::int32_t> default_blend_days;
};

// Coordinate search over half-life, similarity measure, neighbourhood size, blend (learned or
// hand-set), tree ranker, discovery slots, repeat_similarity and (with categories) the category
// level. Every candidate is judged by NDCG@k on `windows` validation splits, the last with
// history up to as_of - window and truth in (as_of - window, as_of], each earlier one `window`
// days before; a change is kept only when the 95 % interval of its gain, paired per household
// and window, lies above 0. Only rows with day <= as_of are passed in, so the test window cannot
// leak into the choice. `require_fitted_blend`: a validation window whose blend cannot be
// fitted is exit 64 naming the window, as the judged window's is (else the default blend, and
// the day in `tuning`). Collective.
engine::ScoreConfig tune(const engine::HistoryBlock& history_up_to_t,
                         const std::vector<std::int64_t>& household_ids, const io::ProductTable& products,
                         std::int32_t as_of, std::int32_t window, int windows, engine::ScoreConfig start,
                         bool require_fitted_blend, const Comm& comm, Tuning& tuning);

}  // namespace basketgap::evaluate
