#include "jobs/append/segment_rows.hpp"

#include <algorithm>

#include "io/spill/spill_file.hpp"
#include "jobs/cluster/comm.hpp"
#include "jobs/cluster/signals.hpp"
#include "jobs/ingest/parse_pass.hpp"

namespace basketgap::append {

namespace {
constexpr std::int64_t kSlice = 1 << 20;  // rows read at once: bounded memory
constexpr int kPositionBits = 40;         // line = version << 40 | row: earlier batches first
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
    for (std::int64_t begin = first; begin < last; begin += kSlice) {
      throw_if_stop_requested("compact/read");
      const std::int64_t count = std::min(kSlice, last - begin);
      const io::TransactionColumns rows = segment.file.read_rows(begin, count);
      for (std::int64_t i = 0; i < count; ++i) {
        const std::int64_t row_version = segment.store_version_of(rows.batch[i]);
        if (!batches[static_cast<std::size_t>(row_version - 1)].visible_at(version)) continue;
        const std::int64_t h = rows.household[i];
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
  return comm.allreduce<std::uint64_t>(written, ReduceOp::sum);
}

}  // namespace basketgap::append
