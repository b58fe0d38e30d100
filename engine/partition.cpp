#include "engine/partition.hpp"

#include <algorithm>
#include <stdexcept>

namespace basketgap::engine {

std::vector<Range> balance_by_rows(std::span<const std::int64_t> offsets, int parts) {
  if (parts < 1) throw std::invalid_argument("balance_by_rows: parts must be >= 1");
  if (offsets.empty()) throw std::invalid_argument("balance_by_rows: empty offset table");
  const std::int64_t households = static_cast<std::int64_t>(offsets.size()) - 1;
  const std::int64_t total = offsets.back();
  std::vector<Range> ranges(parts);
  std::int64_t begin = 0;
  for (int p = 0; p < parts; ++p) {
    std::int64_t end = households;
    if (p + 1 < parts) {
      // 128-bit-safe target: total * (p+1) / parts without overflow for realistic sizes.
      const std::int64_t target = static_cast<std::int64_t>(static_cast<__int128>(total) * (p + 1) / parts);
      // First household boundary whose cumulative count reaches the target.
      const auto it = std::lower_bound(offsets.begin() + begin, offsets.end(), target);
      end = std::clamp<std::int64_t>(it - offsets.begin(), begin, households);
    }
    ranges[p] = {begin, end};
    begin = end;
  }
  return ranges;
}

}  // namespace basketgap::engine
