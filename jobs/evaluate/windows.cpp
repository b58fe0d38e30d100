#include "jobs/evaluate/windows.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include "io/errors.hpp"
#include "io/store/reader.hpp"
#include "jobs/jobs.hpp"

namespace basketgap::evaluate {
namespace {

// "579, 593, 607, 621, 635" or, for many windows, "5, 19, ..., 635".
std::string days_text(std::int64_t first, std::int32_t step, std::int32_t last) {
  if ((last - first) / step >= 5) return fmt::format("{}, {}, ..., {}", first, first + step, last);
  std::string out = std::to_string(first);
  for (std::int64_t d = first + step; d <= last; d += step) out += ", " + std::to_string(d);
  return out;
}

}  // namespace

void predict_the_judged_window(JobConfig& settings, std::int32_t window, bool engine_scores, bool log) {
  engine::ScoreConfig& score = settings.score;
  if (!settings.gives("score.validation_window_days")) {
    if (window > engine::kLongestHorizonDays && engine_scores)
      throw UsageError(
          fmt::format("--window {}: the engine predicts at most {} days (validation_window_days); "
                      "to judge a longer window, set validation_window_days in --config",
                      window, engine::kLongestHorizonDays))
          .raised_on_all_ranks();
    score.validation_window_days = window;
  } else if (score.validation_window_days != window && log) {
    spdlog::warn(
        "evaluate: the engine chooses coupons for purchases in the next {} days (validation_window_days in "
        "the config file), the window judged is {} days; remove the key to let the engine predict the "
        "judged window",
        score.validation_window_days, window);
  }
}

std::vector<std::int32_t> window_as_of_days(std::int32_t as_of, std::int32_t window, int windows) {
  std::vector<std::int32_t> days;
  for (int w = windows - 1; w >= 0; --w) days.push_back(as_of - w * window);
  return days;
}

// The engine's blend needs its first fold's days before each as-of day, unless the default blend
// is allowed where it cannot be fitted (as score's --allow-default-blend).
std::int32_t history_days_needed(const EvaluateOptions& o, const engine::ScoreConfig& config) {
  return (config.learn_blend && !o.allow_default_blend ? engine::blend_history_days(config) : 0) +
         (o.tune ? o.tune_windows * o.window : 0);
}

void check_windows_fit(const EvaluateOptions& o, const engine::ScoreConfig& config,
                       const io::StoreSummary& store) {
  if (o.windows <= 1) {
    // One window is judged as score would run: before the blend's history score stops (exit
    // 64, docs/RUNBOOK.md), so judging the hand-set blend as the engine would mislead; and
    // --windows refuses the same day. A coupons file is judged whatever the day.
    const std::int32_t blend =
        config.learn_blend && !o.allow_default_blend ? engine::blend_history_days(config) : 0;
    if (o.coupons.empty() && o.as_of < store.min_day + blend)
      throw UsageError(
          fmt::format("--as-of {} is too early for the engine's blend: the store starts on day {} "
                      "and the blend is fitted on the {} days before an as-of day "
                      "(validation_window_days); use --as-of {} or later, learn_blend = false in "
                      "--config to judge the hand-set blend, or --allow-default-blend",
                      o.as_of, store.min_day, blend, store.min_day + blend))
          .raised_on_all_ranks();
    // Otherwise only --tune's validation windows reach back further.
    if (!o.tune || o.as_of >= store.min_day + history_days_needed(o, config)) return;
    const std::int64_t first =
        static_cast<std::int64_t>(o.as_of) - static_cast<std::int64_t>(o.tune_windows) * o.window;
    throw UsageError(
        fmt::format("--tune-windows {} validates as of day {} (the first of {} windows of {} days "
                    "before --as-of {}), but the store starts on day {} and the engine's blend "
                    "needs {} days before an as-of day; use fewer --tune-windows or a later --as-of",
                    o.tune_windows, first, o.tune_windows, o.window, o.as_of, store.min_day, blend))
        .raised_on_all_ranks();
  }
  // In 64 bits: a huge N must not wrap around into a day that seems to fit.
  const std::int64_t earliest =
      static_cast<std::int64_t>(o.as_of) - static_cast<std::int64_t>(o.windows - 1) * o.window;
  const std::int32_t needed = history_days_needed(o, config);
  const std::int64_t allowed = store.min_day + needed;
  if (earliest >= allowed) return;
  std::string why = fmt::format("the store starts on day {}", store.min_day);
  if (config.learn_blend && !o.allow_default_blend)
    why += fmt::format(
        ", the engine's blend is fitted on the {} days before an as-of day (validation_window_days)",
        engine::blend_history_days(config));
  if (o.tune) why += fmt::format(", --tune validates on the {} days before that", o.tune_windows * o.window);
  const std::int64_t most = o.as_of >= allowed ? (o.as_of - allowed) / o.window + 1 : 0;
  const std::string advice =
      most >= 2 ? fmt::format("use --windows {} at most, or a later --as-of", most)
      : most == 1
          ? std::string("no second window fits before --as-of; use --windows 1, or a later --as-of")
          : fmt::format("no window fits: --as-of itself is before it; use --as-of {} or later", allowed);
  throw UsageError(fmt::format("--windows {} reaches back to as-of day {} (windows as of days {}), but the "
                               "earliest as-of day this store allows is {}: {}; {}",
                               o.windows, earliest, days_text(earliest, o.window, o.as_of), allowed, why,
                               advice))
      .raised_on_all_ranks();
}

std::string short_blend_history_note(const engine::ScoreConfig& config,
                                     std::span<const std::int32_t> as_of_days, std::int64_t first_day) {
  if (!config.learn_blend) return {};
  const int wanted = engine::blend_fold_count(config);
  std::vector<std::string> short_fits;
  for (const std::int32_t day : as_of_days) {
    const int fit = engine::blend_folds_that_fit(config, day, first_day);
    if (fit > 0 && fit < wanted) short_fits.push_back(fmt::format("as of day {} on {}", day, fit));
  }
  if (short_fits.empty()) return {};
  return fmt::format(
      "the engine's blend was fitted on fewer than the {} {}-day validation folds that "
      "validation_span_days = {} asks (the history before the as-of day is short): {}",
      wanted, config.validation_window_days, config.validation_span_days, fmt::join(short_fits, ", "));
}

}  // namespace basketgap::evaluate
