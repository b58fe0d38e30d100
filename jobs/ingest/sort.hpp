// Ingest passes 2 and 3: route parsed rows to the rank owning their household (MPI_Alltoallv
// in bounded batches) into on-disk buckets, then sort and de-duplicate each bucket.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "engine/partition.hpp"
#include "jobs/cluster/comm.hpp"
#include "jobs/ingest/records.hpp"

namespace basketgap::ingest {

// This rank's households split into buckets that fit in memory: bucket b holds households
// [first[b], first[b+1]).
struct BucketPlan {
  engine::Range mine;
  std::vector<std::int64_t> first;
  std::size_t buckets() const { return first.empty() ? 0 : first.size() - 1; }
};

class BucketStore;

// `offsets` is the (pre-deduplication) CSR table of all households.
BucketPlan plan_buckets(std::span<const std::int64_t> offsets, engine::Range mine, std::int64_t memory_rows);

struct RouteInput {
  std::string parsed_spill;                     // this rank's pass-1 records
  std::span<const std::int64_t> household_ids;  // global dictionary, ascending
  std::span<const std::int64_t> product_ids;    // global dictionary, ascending
  std::span<const engine::Range> owners;        // household range of each rank
  std::int64_t first_line = 0;                  // lines of the file before this rank's range
  std::int64_t batch_rows = 1 << 20;
  std::int32_t version = 1;  // the batch of records read from the file (ParsedRecord::batch 0)
};

// Collective. Appends every record owned here to its bucket of `plan`; the caller calls
// buckets.finish_appending() after the last input (append routes the stored rows first).
void route_to_buckets(const RouteInput& input, const BucketPlan& plan, BucketStore& buckets, const Comm& comm,
                      std::uint64_t total_records);

struct SortResult {
  std::vector<std::int64_t> rows;         // final rows per household of plan.mine
  std::vector<std::int32_t> baskets;      // distinct baskets per household of plan.mine
  std::vector<DuplicateLine> duplicates;  // at most reject_cap of them
  std::int64_t duplicate_lines = 0;
  std::int32_t min_day = INT32_MAX, max_day = INT32_MIN;
  // The kept rows read from the file (not re-read from a store by append): the new batch.
  std::int64_t file_rows = 0;
  std::int32_t file_min_day = INT32_MAX, file_max_day = INT32_MIN;
};

// Local. Sorts each bucket into store order, drops exact duplicates (keeping the first line)
// and keeps the sorted bucket for the write pass.
SortResult sort_buckets(const BucketPlan& plan, BucketStore& buckets, std::int64_t reject_cap);

}  // namespace basketgap::ingest
