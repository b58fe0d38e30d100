// Loads this rank's share of the store as an engine::HistoryBlock: households split over the
// ranks in contiguous ranges balanced by rows, one hyperslab read per column.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/history.hpp"
#include "engine/partition.hpp"
#include "io/store_reader.hpp"

namespace basketgap {

class Comm;

struct RankShare {
  std::vector<engine::Range> ranges;  // every rank's household range
  engine::Range mine;
};

// Collective only in that every rank computes the same split from the offset table.
RankShare split_households(const std::vector<std::int64_t>& offsets, const Comm& comm);

// Rows of households [range.begin, range.end) (all days); `offsets` is the store's table.
engine::HistoryBlock load_history(const io::StoreReader& store,
                                  const std::vector<std::int64_t>& offsets, engine::Range range);

// The same, also returning the spend column of those rows in `spend` (for the RFM segments).
engine::HistoryBlock load_history(const io::StoreReader& store,
                                  const std::vector<std::int64_t>& offsets, engine::Range range,
                                  std::vector<float>& spend);

}  // namespace basketgap
