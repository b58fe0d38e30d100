#include "jobs/append/segment_rows.hpp"

#include <algorithm>

#include "io/spill/spill_file.hpp"
#include "jobs/cluster/comm.hpp"
#include "jobs/cluster/signals.hpp"
#include "jobs/ingest/parse_pass.hpp"

namespace basketgap::append {

namespace {
// Rows read at once: bounded memory (~150 MB), and long enough that the chunks a slice shares
// with the next (inflated twice) are a small part of it.
constexpr std::int64_t kSlice = 1 << 22;
constexpr int kPositionBits = 40;  // line = version << 40 | row: earlier batches first
}  // namespace

std::uint64_t spill_segment_rows(const std::vector<io::Segment>& segments,
                                 const std::vector<io::BatchRecord>& batches, std::int64_t version,
                                 const std::string& spill_path, ingest::ParsePass& parsed, const Comm& comm) {
  io::SpillWriter<ingest::ParsedRecord> writer(spill_path);
  std::uint64_t written = 0;
  for (const io::Segment& segment : segments) {
    if (!io::any_rows_visible(segment, batches, version)) continue;
    const io::HouseholdTable households = segment.file.households();
    const std::vector<std::int64_t> product_ids = segment.file.products().id;
    std::vector<char> product_seen(product_ids.size(), 0);
    const std::int64_t total = segment.file.summary().rows;
    const std::int64_t first = total * comm.rank() / comm.size();
    const std::int64_t last = total * (comm.rank() + 1) / comm.size();
    std::int64_t previous_household = -1;
    io::TransactionColumns rows;  // one slice, buffers reused
    for (std::int64_t begin = first; begin < last; begin += kSlice) {
      throw_if_stop_requested("compact/read");
      const std::int64_t count = std::min(kSlice, last - begin);
      // The household of a row comes from the offsets: one column less to inflate.
      const bool with_batch = segment.first_version != segment.last_version;  // else all of its one version
      io::decode_history_rows(segment.file.fetch_history_rows(
                                  begin, count, {.spend = true, .batch = with_batch, .quantity = true}),
                              rows);
      auto h = static_cast<std::int64_t>(
          std::upper_bound(households.offset.begin(), households.offset.end(), begin) -
          households.offset.begin() - 1);
      for (std::int64_t i = 0; i < count; ++i) {
        while (begin + i >= households.offset[h + 1]) ++h;
        const std::int64_t row_version = segment.store_version_of(with_batch ? rows.batch[i] : 1);
        if (!batches[static_cast<std::size_t>(row_version - 1)].visible_at(version)) continue;
        const auto p = static_cast<std::size_t>(rows.product[i]);
        if (h != previous_household) parsed.household_rows.push_back({households.id[h], 0});
        previous_household = h;
        ++parsed.household_rows.back().count;
        product_seen[p] = 1;
        writer.push({households.id[h], rows.basket[i], product_ids[p],
                     (row_version << kPositionBits) + begin + i, rows.day[i], rows.quantity[i], rows.spend[i],
                     static_cast<std::int32_t>(row_version)});
        ++written;
      }
    }
    for (std::size_t p = 0; p < product_seen.size(); ++p)
      if (product_seen[p]) parsed.products.push_back(product_ids[p]);
  }
  writer.close();
  parsed.local_records = static_cast<std::int64_t>(written);
  parsed.local_households = static_cast<std::int64_t>(parsed.household_rows.size());
  return comm.allreduce<std::uint64_t>(written, ReduceOp::sum);
}

}  // namespace basketgap::append
