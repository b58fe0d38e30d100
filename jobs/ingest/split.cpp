#include "jobs/ingest/split.hpp"

#include "jobs/cluster/comm.hpp"
#include "jobs/ingest/dictionaries.hpp"

namespace basketgap::ingest {

HouseholdSplit split_households(const std::vector<std::int64_t>& household_rows, std::int64_t memory_rows,
                                const Comm& comm) {
  const std::vector<std::int64_t> offsets = to_offsets(household_rows);
  HouseholdSplit split;
  split.owners = engine::balance_by_rows(offsets, comm.size());
  split.plan = plan_buckets(offsets, split.owners[comm.rank()], memory_rows);
  split.fits_in_memory = offsets[split.plan.mine.end] - offsets[split.plan.mine.begin] <= memory_rows;
  return split;
}

}  // namespace basketgap::ingest
