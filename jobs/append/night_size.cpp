#include "jobs/append/night_size.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace basketgap::append {

RecentNights recent_nights(const std::vector<io::BatchRecord>& batches, std::int64_t head_version) {
  RecentNights recent;
  for (auto b = batches.rbegin(); b != batches.rend() && recent.nights < kRecentNights; ++b) {
    if (b->version < 2 || b->rows == 0 || !b->visible_at(head_version)) continue;
    recent.fewest_rows = recent.nights == 0 ? b->rows : std::min(recent.fewest_rows, b->rows);
    recent.most_rows = std::max(recent.most_rows, b->rows);
    recent.first_version = b->version;
    if (recent.nights == 0) recent.last_version = b->version;
    ++recent.nights;
  }
  if (recent.nights < kFewestNightsToJudge) return {};
  return recent;
}

std::optional<std::string> small_night_reason(const std::string& file, std::int64_t rows,
                                              const RecentNights& recent, double min_share) {
  const double floor = min_share * static_cast<double>(recent.fewest_rows);
  if (recent.nights == 0 || min_share <= 0 || static_cast<double>(rows) >= floor) return std::nullopt;
  return fmt::format(
      "{} has {} rows, fewer than --min-night-share {} of the quietest of the store's last {} nights ({} to "
      "{} "
      "rows, versions {}-{}): a file cut short? Check it against its source (a line count, the extract's "
      "log); "
      "a night that was really this quiet is appended with --min-night-share 0",
      file, rows, min_share, recent.nights, recent.fewest_rows, recent.most_rows, recent.first_version,
      recent.last_version);
}

}  // namespace basketgap::append
