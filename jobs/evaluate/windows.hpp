// The windows `evaluate` judges: the engine's horizon set to the judged window, and with
// --windows N (docs/EVALUATE.md, "Rolling backtest") the as-of days of the N consecutive windows
// that end at --as-of, and whether the earliest of them leaves the history the engine needs
// before it. Checked on the store's summary, before any row is read.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "engine/score_config.hpp"
#include "jobs/config/job_config.hpp"

namespace basketgap {
struct EvaluateOptions;
namespace io {
struct StoreSummary;
}
}  // namespace basketgap

namespace basketgap::evaluate {

// The engine is judged on the horizon it predicts: validation_window_days := --window, unless
// the config file sets the key (then kept, and a warning on rank 0 when it differs). A window
// longer than the longest horizon is a usage error when the engine scores (`engine_scores`):
// its coupons would be judged on days they were not chosen for.
void predict_the_judged_window(JobConfig& settings, std::int32_t window, bool engine_scores, bool log);

// T - (N-1) W, ..., T - W, T: each judged on its own W days after it; the last is --as-of.
std::vector<std::int32_t> window_as_of_days(std::int32_t as_of, std::int32_t window, int windows);

// Days of history an as-of day needs before it: the blend's validation folds
// (validation_window_days each, when learn_blend) and --tune's validation windows (W each).
std::int32_t history_days_needed(const EvaluateOptions& o, const engine::ScoreConfig& config);

// UsageError (raised on all ranks: every rank has the same summary) naming the earliest as-of
// day when it lies before min_day + history_days_needed, and the largest N that fits.
// Nothing to check with one window (today's single backtest, checked as before).
void check_windows_fit(const EvaluateOptions& o, const engine::ScoreConfig& config,
                       const io::StoreSummary& store);

// The note of the results when the blend of some as-of day is fitted on fewer folds than
// validation_span_days asks (its history is short: score warns in the log); empty otherwise.
std::string short_blend_history_note(const engine::ScoreConfig& config,
                                     std::span<const std::int32_t> as_of_days, std::int64_t first_day);

}  // namespace basketgap::evaluate
