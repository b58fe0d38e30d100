// Splitting households into contiguous ranges balanced by transaction count (not household
// count): one heavy household costs as much as many light ones.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace basketgap::engine {

struct Range {
  std::int64_t begin = 0;  // first household index
  std::int64_t end = 0;    // one past the last
  std::int64_t size() const { return end - begin; }
};

// `offsets` is the CSR offset table (households + 1 entries, offsets[0] = 0). Returns `parts`
// contiguous ranges covering every household; part p ends at the first household whose
// cumulative row count reaches (p+1)/parts of the total. Deterministic; parts may be empty.
std::vector<Range> balance_by_rows(std::span<const std::int64_t> offsets, int parts);

}  // namespace basketgap::engine
