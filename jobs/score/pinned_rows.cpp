#include "jobs/score/pinned_rows.hpp"

#include <algorithm>

#include "jobs/cluster/comm.hpp"

namespace basketgap {

std::vector<std::int64_t> pinned_offsets(const io::StoreReader& store,
                                         const std::vector<std::int64_t>& offsets, const Comm& comm) {
  if (!store.is_pinned()) return offsets;
  const std::int64_t total = offsets.back();
  const std::int64_t first = total * comm.rank() / comm.size();
  const std::int64_t last = total * (comm.rank() + 1) / comm.size();
  const auto version = static_cast<std::int32_t>(store.pinned_version());
  std::vector<std::int64_t> kept(offsets.size() - 1, 0);  // rows <= version per household
  constexpr std::int64_t kSlice = 1 << 22;                // bounded memory
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
  std::vector<std::int64_t> out(offsets.size(), 0);
  for (std::size_t h = 0; h < kept.size(); ++h) out[h + 1] = out[h] + kept[h];
  return out;
}

}  // namespace basketgap
