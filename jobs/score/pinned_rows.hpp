// `score --store-version V`: the household offsets of the rows of batches 1..V, so the ranks
// split and load only what the store held at version V (jobs/score/history_loader skips the
// rest). Households with no such row get none: they are not scored, as at version V.
#pragma once

#include <cstdint>
#include <vector>

#include "io/store/reader.hpp"

namespace basketgap {

class Comm;

// Collective: each rank counts a share of the batch column; the counts are summed.
// `offsets` is the store's table; for an unpinned store it is returned as is.
std::vector<std::int64_t> pinned_offsets(const io::StoreReader& store,
                                         const std::vector<std::int64_t>& offsets, const Comm& comm);

}  // namespace basketgap
