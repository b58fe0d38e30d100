// Is the as-of day one the store can be scored at? An as-of before the store's first day is a
// usage error. Three mistakes would change what is mailed without failing: an as-of after the
// store's last day (the night's input never arrived: the coupons are scored on stale data), one
// inside a hole in the rows far longer than the shop's usual ones (a row dated ahead by mistake
// hides nights that never arrived: stale data again), and one too early for the blend's
// validation fold (nothing to fit on: the hand-set default blend is used). All three are errors
// unless the operator says otherwise (--allow-stale, --allow-default-blend). evaluate uses the
// hole rule too, as a warning over its window (jobs/evaluate_job.cpp).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/score_config.hpp"

namespace basketgap {

namespace io {
struct StoreSummary;
}
namespace engine {
class HistoryBlock;
}
class Comm;

// --allow-stale accepts an as-of at most this many days after the store's last day.
inline constexpr std::int32_t kMostStaleDays = 365;

struct AsOfAllowances {
  bool stale = false;          // --allow-stale: an as-of after the last day or in a hole is a warning
  bool default_blend = false;  // --allow-default-blend: no validation samples is a warning
};

// Pure: throws UsageError (64) for an as-of before the store's first day, too early for the
// validation fold or more than kMostStaleDays after its last day, InputError (65) for an as-of
// after its last day; returns the warnings of
// what `allow` lets through. `store` names the file in the messages.
std::vector<std::string> as_of_problems(std::int32_t as_of, const io::StoreSummary& summary,
                                        const std::string& store, const engine::ScoreConfig& config,
                                        AsOfAllowances allow);

// as_of_problems on every rank (same summary, same options: the same error everywhere, raised
// on all ranks); rank 0 (`log`) logs the warnings.
void check_as_of(std::int32_t as_of, const io::StoreSummary& summary, const std::string& store,
                 const engine::ScoreConfig& config, AsOfAllowances allow, bool log);

// After the load: a store whose last day is ahead of a day can still miss the days before it —
// one row dated 716 for 706 makes the store's last day 716 and hides the nights that never
// arrived. `last_covered` = the last day on or before `day` with rows (or a night without
// sales), `next` = the first day after it with rows (or a night without sales).
struct RowsAround {
  std::int64_t last_covered, next;
  // The longest run of days without rows (nights without sales count as days with) in the year
  // before `last_covered` + 1, inside the store's days; measured only for a hole of over
  // kLongestUsualHole days around `day` (0 otherwise).
  std::int64_t longest_hole_before = 0;
  std::int64_t hole() const { return next - last_covered - 1; }
};

// A hole of up to a week is never suspect (a long holiday weekend, weekly data); a longer one
// is, when it is more than kUsualHoleFactor times the longest of the shop's year before it —
// the shop's own habit (closed on Sundays, weekly or monthly data, a yearly closing) is learned
// from its rows, not assumed — and always when it is over kMostStaleDays.
inline constexpr std::int64_t kLongestUsualHole = 7;
inline constexpr std::int64_t kUsualHoleFactor = 2;

// Collective (every rank's `block`): the rows around `day`, nights without sales counted.
RowsAround rows_around(const engine::HistoryBlock& block, const io::StoreSummary& summary, std::int32_t day,
                       const Comm& comm);

// Whether `day`, inside the store's days, lies in a hole that only missing nights (or a row
// dated ahead by mistake) explain: the rule above.
bool in_missing_days(std::int64_t day, RowsAround around, const io::StoreSummary& summary);

// The hole's description for messages: "no rows from day A to day B (N days; the longest hole
// of the year before: M days)".
std::string describe_hole(RowsAround around);

// Pure, like as_of_problems: for an as-of in such a hole InputError (65) unless `allow.stale`,
// then its warning; nothing otherwise.
std::vector<std::string> missing_days_before(std::int32_t as_of, RowsAround around,
                                             const io::StoreSummary& summary, const std::string& store,
                                             AsOfAllowances allow);

}  // namespace basketgap
