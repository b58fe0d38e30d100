// A night's file cut short at a line end (an extract that stopped, a copy that failed) parses
// as a whole file: every line it has is good. Its one trace is its size, so `append` compares a
// night with the store's last nights and, asked to (`--min-night-share F`), refuses one with
// fewer rows than F times the quietest of them — appended, every household whose rows were cut
// would be scored without that night. Off by default: where a shop's nights swing widely (a
// panel's last days, a small shop's Sundays) a fixed share would refuse good nights.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "io/store/batches.hpp"

namespace basketgap::append {

// The last nights a new one is compared with: a week of nightly files holds a shop's usual
// weekday swings; fewer than kFewestNightsToJudge and nothing is judged (a young store).
inline constexpr int kRecentNights = 7;
inline constexpr int kFewestNightsToJudge = 3;

struct RecentNights {
  int nights = 0;  // compared with (0: too few appended nights to judge)
  std::int64_t fewest_rows = 0, most_rows = 0;
  std::int64_t first_version = 0, last_version = 0;
};

// The appended nights live at `head_version` (version 2 on: version 1 is the history the store
// was ingested from), the last kRecentNights of those with rows.
RecentNights recent_nights(const std::vector<io::BatchRecord>& batches, std::int64_t head_version);

// Why a night of `rows` rows is too small beside `recent` — under `min_share` of its quietest
// night — (a sentence naming the file and the numbers), or nothing when it is not, when there is
// too little to judge by, or when min_share is 0.
std::optional<std::string> small_night_reason(const std::string& file, std::int64_t rows,
                                              const RecentNights& recent, double min_share);

}  // namespace basketgap::append
