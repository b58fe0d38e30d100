// The split of households over ranks (balanced by rows) and of this rank's share into
// buckets that fit in --memory-rows.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/partition.hpp"
#include "jobs/ingest/sort.hpp"

namespace basketgap::ingest {

struct HouseholdSplit {
  std::vector<engine::Range> owners;  // the households of each rank
  BucketPlan plan;                    // this rank's households in buckets
  bool fits_in_memory = false;        // this rank's rows fit in memory: buckets stay there
};

// `household_rows`: rows per household of the whole dictionary, duplicates included.
HouseholdSplit split_households(const std::vector<std::int64_t>& household_rows, std::int64_t memory_rows,
                                const Comm& comm);

}  // namespace basketgap::ingest
