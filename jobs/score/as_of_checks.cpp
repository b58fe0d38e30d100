#include "jobs/score/as_of_checks.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <climits>
#include <span>

#include "engine/history.hpp"
#include "io/errors.hpp"
#include "io/store/reader.hpp"
#include "jobs/cluster/comm.hpp"
#include "jobs/day_span.hpp"

namespace basketgap {
namespace {

std::string no_validation_samples(std::int32_t as_of, std::int32_t first_day,
                                  const engine::ScoreConfig& config) {
  // (A horizon shorter than validation_span_days fits as many of its folds as the history holds:
  // one is enough.)
  return fmt::format(
      "--as-of {} is too early to fit the blend: its validation fold (validation_window_days = {}) has no "
      "samples; it needs {} days of history before the as-of day, --as-of {} or later (or learn_blend = "
      "false, or --allow-default-blend to score with the default blend)",
      as_of, config.validation_window_days, engine::blend_history_days(config),
      first_day + engine::blend_history_days(config));
}

}  // namespace

std::vector<std::string> as_of_problems(std::int32_t as_of, const io::StoreSummary& summary,
                                        const std::string& store, const engine::ScoreConfig& config,
                                        AsOfAllowances allow) {
  std::vector<std::string> warnings;
  // A pinned rerun (--store-version V) sees the days version V held: named so.
  const bool pinned = !summary.batches.empty() && summary.store_version < summary.batches.back().version;
  const std::string seen = pinned ? fmt::format("version {} of {}", summary.store_version, store) : store;
  if (as_of < summary.min_day)
    throw UsageError(
        fmt::format("--as-of {} is before the first day of {} ({})", as_of, seen, summary.min_day));
  if (as_of > summary.max_day) {
    // Even one day: that night's transactions never arrived.
    const std::string gap =
        fmt::format("--as-of {} is {} day(s) after the last day of {} ({}): {}", as_of,
                    as_of - summary.max_day, seen, summary.max_day, missing_days(summary.max_day + 1, as_of));
    // Past a year the as-of is a typo (20250314 for a day number), not a late feed, with or
    // without --allow-stale (and the per-day tallies would grow with it until memory runs out).
    if (as_of - summary.max_day > kMostStaleDays)
      throw UsageError(
          fmt::format("{}; a typo? --as-of is a day number, and a score at most {} days after "
                      "the last day (with --allow-stale)",
                      gap, kMostStaleDays));
    if (!allow.stale)
      throw InputError(gap + "; ingest the missing days, or give --allow-stale to score on stale data");
    warnings.push_back(gap + "; scoring on stale data (--allow-stale)");
  }
  // Features as of as_of - W need a day of history at or before it.
  const auto first_day = static_cast<std::int32_t>(summary.min_day);
  if (config.learn_blend && as_of - engine::blend_history_days(config) < first_day && !allow.default_blend)
    throw UsageError(no_validation_samples(as_of, first_day, config));
  return warnings;
}

namespace {

// Collective: the longest run of days without rows or a night without sales in first .. last.
std::int64_t longest_hole(const engine::HistoryBlock& block, const io::StoreSummary& summary,
                          std::int64_t first, std::int64_t last, const Comm& comm) {
  std::vector<std::uint8_t> sold(static_cast<std::size_t>(last - first + 1), 0);
  block.mark_days_with_rows(static_cast<std::int32_t>(first), sold);
  comm.allreduce_inplace(std::span<std::uint8_t>(sold), ReduceOp::max);
  for (const io::BatchRecord& b : summary.batches)
    if (b.no_sales_night() && b.visible_at(summary.store_version) && b.first_day >= first &&
        b.first_day <= last)
      sold[static_cast<std::size_t>(b.first_day - first)] = 1;
  std::int64_t longest = 0, run = 0;
  for (const std::uint8_t day_sold : sold) {
    run = day_sold ? 0 : run + 1;
    longest = std::max(longest, run);
  }
  return longest;
}

}  // namespace

RowsAround rows_around(const engine::HistoryBlock& block, const io::StoreSummary& summary, std::int32_t day,
                       const Comm& comm) {
  const engine::HistoryBlock::DaysAround mine = block.days_around(day);
  const auto last_sale = comm.allreduce<std::int64_t>(mine.last_up_to, ReduceOp::max);
  const auto next_sale = comm.allreduce<std::int64_t>(mine.first_after, ReduceOp::min);
  RowsAround around{io::last_no_sales_day(summary.batches, summary.store_version, day, last_sale),
                    io::first_no_sales_day_after(summary.batches, summary.store_version, day, next_sale)};
  // Every rank has the same `around`: all take this branch or none.
  if (around.last_covered < day && around.next < INT32_MAX && around.hole() > kLongestUsualHole &&
      around.last_covered >= summary.min_day) {
    const std::int64_t year_before = std::max<std::int64_t>(summary.min_day, around.last_covered - 364);
    around.longest_hole_before = longest_hole(block, summary, year_before, around.last_covered, comm);
  }
  return around;
}

bool in_missing_days(std::int64_t day, RowsAround around, const io::StoreSummary& summary) {
  if (day > summary.max_day || around.last_covered >= day) return false;
  const std::int64_t hole = around.hole();
  return hole > kMostStaleDays ||
         (hole > kLongestUsualHole && hole > kUsualHoleFactor * around.longest_hole_before);
}

std::string describe_hole(RowsAround around) {
  return fmt::format("no rows from day {} to day {} ({} days; the longest hole of the year before: {} days)",
                     around.last_covered + 1, around.next - 1, around.hole(), around.longest_hole_before);
}

std::vector<std::string> missing_days_before(std::int32_t as_of, RowsAround around,
                                             const io::StoreSummary& summary, const std::string& store,
                                             AsOfAllowances allow) {
  // An as-of after the last day is as_of_problems' case, reported there.
  if (!in_missing_days(as_of, around, summary)) return {};
  // The day after the hole, not the store's last: nights without sales recorded after a
  // mis-dated row would otherwise be named as the mistake.
  const std::string gap = fmt::format(
      "--as-of {}: {} has {} (day {}'s rows dated after the as-of day by mistake, or the nights "
      "since day {} never arrived)",
      as_of, store, describe_hole(around), around.next, around.last_covered);
  // No --no-sales-day here: it records only the day after the store's last, never a day inside.
  if (!allow.stale)
    throw InputError(
        gap +
        "; append the missing nights' files, or re-ingest with the row's day corrected; a closing "
        "the shop really had: --allow-stale");
  return {gap + "; scoring on stale data (--allow-stale)"};
}

void check_as_of(std::int32_t as_of, const io::StoreSummary& summary, const std::string& store,
                 const engine::ScoreConfig& config, AsOfAllowances allow, bool log) {
  try {
    for (const std::string& warning : as_of_problems(as_of, summary, store, config, allow))
      if (log) spdlog::warn("score: {}", warning);
  } catch (Error& e) {
    e.raised_on_all_ranks();
    throw;
  }
}

}  // namespace basketgap
