// Loads a range of households from a segmented store (io/store/segments.hpp): the rows of every
// visible batch, merged household by household into store order (day, basket, product,
// quantity, spend), a purchase repeated in a later batch dropped (the earliest keeps it) — the
// same block a one-file store of the same batches gives, so the coupons are the same bytes.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/history.hpp"
#include "engine/partition.hpp"
#include "io/store/reader.hpp"

namespace basketgap {

// `upper_bound_rows`: the rows of the range before duplicates are dropped (for the reserve).
// `spend`, when given, gets each household's spend over rows with day <= spend_up_to.
engine::HistoryBlock load_segmented_history(const io::StoreReader& head, engine::Range range,
                                            std::int64_t upper_bound_rows, std::int32_t spend_up_to,
                                            std::vector<double>* spend);

}  // namespace basketgap
