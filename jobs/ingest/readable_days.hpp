// score and evaluate hold a household's days as offsets from the store's first day, at most
// engine::HistoryBlock::kMaxDaySpan (32,767 days, ~89 years) apart. A store whose days run
// further (one mistyped day: 99999 for 999) could be written but never scored — every night
// after it would fail — so ingest and append refuse it (65) before anything is written.
#pragma once

#include <cstdint>
#include <string>

namespace basketgap::ingest {

// InputError (65, marked raised on every rank: every rank has the same days) when
// last_day - first_day exceeds the span score reads. `what`: the days' owner, for the message
// ("T.csv", "the store with T.csv").
void refuse_unreadable_day_span(const std::string& what, std::int64_t first_day, std::int64_t last_day);

}  // namespace basketgap::ingest
