// `retract`: which batch may be withdrawn, and the head of the version that withdraws it (the
// batch marked retracted, its rows out of the household counts and totals, a record of the
// retraction). jobs/retract_job.cpp publishes it.
#pragma once

#include <cstdint>

#include "io/store/batches.hpp"
#include "jobs/append/next_head.hpp"

namespace basketgap::io {
class StoreReader;
}

namespace basketgap::append {

// Batch `version` of `stored`, when it can be retracted; UsageError (raised on all ranks) naming
// the reason otherwise: not a version, already retracted, a retraction, version 1, or part of
// the base file (only a batch appended since the last compact has a segment of its own). A night
// without sales (a wrong --no-sales-day) can always be withdrawn: it has no rows.
const io::BatchRecord& retractable(const io::StoreReader& stored, std::int64_t version);

// The head of version last + 1, without `withdrawn`'s rows. A one-file `stored` (compacted: only
// a night without sales can be withdrawn from it) becomes segmented, its rows segment
// `base_segment`.
StoreHead retracted_head(const io::StoreReader& stored, const io::BatchRecord& withdrawn,
                         const std::string& base_segment);

}  // namespace basketgap::append
