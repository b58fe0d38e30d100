// How `export` splits a coupons file between ranks (docs/CAMPAIGN.md, "Under mpirun"): fixed
// blocks of kBlockHouseholds consecutive rows (households of the coupons file, mailed or not).
// A gzip export is one gzip member per block, and every rank takes a contiguous run of whole
// blocks, so the bytes of the file do not depend on the rank count.
#pragma once

#include <algorithm>
#include <cstddef>

namespace basketgap::exporting {

inline constexpr std::size_t kBlockHouseholds = 1000;

// Blocks of a file of `households` rows; at least one (block 0 holds the CSV header even when
// the file has no rows).
inline std::size_t block_count(std::size_t households) {
  return std::max<std::size_t>(1, (households + kBlockHouseholds - 1) / kBlockHouseholds);
}

// A rank's blocks [first_block, end_block) and the rows of the coupons file they cover.
struct Slice {
  std::size_t first_block = 0, end_block = 0;
  std::size_t first_row = 0, rows = 0;
};

// Contiguous, in rank order, balanced to one block; rank 0 always has block 0 (the header).
inline Slice slice_of_rank(std::size_t households, int rank, int ranks) {
  const std::size_t blocks = block_count(households), r = static_cast<std::size_t>(rank);
  const std::size_t n = static_cast<std::size_t>(ranks);
  Slice s;
  s.first_block = (r * blocks + n - 1) / n;  // ceil: rank 0 starts at block 0
  s.end_block = ((r + 1) * blocks + n - 1) / n;
  s.first_row = std::min(s.first_block * kBlockHouseholds, households);
  s.rows = std::min(s.end_block * kBlockHouseholds, households) - s.first_row;
  return s;
}

}  // namespace basketgap::exporting
