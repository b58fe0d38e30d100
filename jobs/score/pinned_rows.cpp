#include "jobs/score/pinned_rows.hpp"

#include <algorithm>

#include "io/store/segments.hpp"
#include "jobs/cluster/comm.hpp"

namespace basketgap {

namespace {
constexpr std::int64_t kSlice = 1 << 22;  // rows of a batch column read at once: bounded memory

// Adds to `kept[h]` the rows of `segment` visible as of `version` (its households mapped to the
// head's dense index through the external ids, both ascending).
void count_segment_rows(const io::Segment& segment, const std::vector<io::BatchRecord>& batches,
                        std::int64_t version, const std::vector<std::int64_t>& head_ids,
                        std::vector<std::int64_t>& kept) {
  if (!io::any_rows_visible(segment, batches, version)) return;
  const io::HouseholdTable local = segment.file.households();
  const bool per_row = !io::all_rows_visible(segment, batches, version);
  const std::vector<std::int64_t> household = io::head_indices(local.id, head_ids, segment, "household");
  std::vector<std::int32_t> batch;
  std::int64_t batch_first = 0;
  for (std::size_t l = 0; l < local.id.size(); ++l) {
    if (!per_row) {
      kept[household[l]] += local.offset[l + 1] - local.offset[l];
      continue;
    }
    for (std::int64_t r = local.offset[l]; r < local.offset[l + 1]; ++r) {
      if (r >= batch_first + static_cast<std::int64_t>(batch.size())) {
        batch_first = r;
        batch = segment.file.read_row_batches(r, std::min(kSlice, local.offset.back() - r));
      }
      const std::int64_t v = segment.store_version_of(batch[static_cast<std::size_t>(r - batch_first)]);
      kept[household[l]] += batches[static_cast<std::size_t>(v - 1)].visible_at(version);
    }
  }
}

std::vector<std::int64_t> cumulative(const std::vector<std::int64_t>& counts) {
  std::vector<std::int64_t> out(counts.size() + 1, 0);
  for (std::size_t h = 0; h < counts.size(); ++h) out[h + 1] = out[h] + counts[h];
  return out;
}
}  // namespace

std::vector<std::int64_t> pinned_offsets(const io::StoreReader& store,
                                         const std::vector<std::int64_t>& offsets, const Comm& comm) {
  if (!store.is_pinned()) return offsets;
  const auto version = static_cast<std::int32_t>(store.pinned_version());
  std::vector<std::int64_t> kept(offsets.size() - 1, 0);  // rows visible as of version per household
  if (store.segmented()) {
    // Every rank counts the same (segment tables are small beside the rows; a compacted base
    // with batches after `version` reads its batch column).
    const std::vector<std::int64_t> head_ids = store.households().id;
    for (const io::Segment& segment : io::open_segments(store))
      count_segment_rows(segment, store.summary().batches, version, head_ids, kept);
    return cumulative(kept);
  }
  const std::int64_t total = offsets.back();
  const std::int64_t first = total * comm.rank() / comm.size();
  const std::int64_t last = total * (comm.rank() + 1) / comm.size();
  auto household =
      static_cast<std::size_t>(std::upper_bound(offsets.begin(), offsets.end(), first) - offsets.begin() - 1);
  for (std::int64_t begin = first; begin < last; begin += kSlice) {
    const std::int64_t count = std::min(kSlice, last - begin);
    const std::vector<std::int32_t> batch = store.read_row_batches(begin, count);
    for (std::int64_t i = 0; i < count; ++i) {
      while (begin + i >= offsets[household + 1]) ++household;
      kept[household] += batch[static_cast<std::size_t>(i)] <= version;
    }
  }
  comm.allreduce_inplace(std::span<std::int64_t>(kept), ReduceOp::sum);
  return cumulative(kept);
}

}  // namespace basketgap
