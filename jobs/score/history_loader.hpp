// Loads this rank's share of the store as an engine::HistoryBlock: households split over the
// ranks in contiguous ranges balanced by rows, one hyperslab read per column.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/history.hpp"
#include "engine/partition.hpp"
#include "io/store/reader.hpp"

namespace basketgap {

class Comm;

struct RankShare {
  std::vector<engine::Range> ranges;  // every rank's household range
  engine::Range mine;
};

// Collective only in that every rank computes the same split from the offset table.
RankShare split_households(const std::vector<std::int64_t>& offsets, const Comm& comm);

// Rows of households [range.begin, range.end) (all days); `offsets` is the store's table (of a
// segmented store: rows of every visible batch before repeats are dropped, see
// jobs/score/segmented_history.hpp).
// Throws InputError when the store's days span more than HistoryBlock::kMaxDaySpan.
engine::HistoryBlock load_history(const io::StoreReader& store, const std::vector<std::int64_t>& offsets,
                                  engine::Range range);

// The same, also summing each household's spend column over its rows with day <= spend_up_to
// (in row order) into `spend`, one value per household of the range (for the RFM segments).
engine::HistoryBlock load_history(const io::StoreReader& store, const std::vector<std::int64_t>& offsets,
                                  engine::Range range, std::int32_t spend_up_to, std::vector<double>& spend);

// Rank 0 logs what the loaded rows take in memory — on the largest rank, in all, and a row — so
// that an operator sizes a job's memory from the log (collective: every rank calls it).
void log_history_memory(std::int64_t my_bytes, std::int64_t rows, const Comm& comm);

}  // namespace basketgap
