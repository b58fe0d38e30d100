#include "jobs/ingest/readable_days.hpp"

#include <fmt/format.h>

#include "engine/history.hpp"
#include "io/errors.hpp"

namespace basketgap::ingest {

void refuse_unreadable_day_span(const std::string& what, std::int64_t first_day, std::int64_t last_day) {
  if (last_day - first_day <= engine::HistoryBlock::kMaxDaySpan) return;
  throw InputError(
      fmt::format("{}: days {}..{} are more than {} days apart, the most score and evaluate read: a "
                  "mistyped day (99999 for 999?) — find it in the DAY column; nothing was written",
                  what, first_day, last_day, engine::HistoryBlock::kMaxDaySpan))
      .raised_on_all_ranks();
}

}  // namespace basketgap::ingest
