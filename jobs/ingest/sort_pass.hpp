// Ingest pass 3 over all ranks: each rank sorts and de-duplicates its buckets (sort.hpp),
// then the final rows, baskets and day range of every household are shared.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "jobs/ingest/sort.hpp"

namespace basketgap::ingest {

struct SortPass {
  SortResult local;                   // this rank's households (rows per household for the write)
  std::vector<std::int64_t> offsets;  // CSR offsets of every household after de-duplication
  std::vector<std::int32_t> baskets;  // distinct baskets of every household
  std::int64_t rows = 0, basket_total = 0, duplicate_lines = 0;
  std::int32_t min_day = 0, max_day = 0;
  std::int64_t file_rows = 0;  // the new batch: rows kept from the file just read
  std::int32_t file_min_day = 0, file_max_day = 0;
  std::string duplicates_text;  // the rejects file's rows for dropped duplicates, on rank 0
};

// Collective.
SortPass sort_pass(const BucketPlan& plan, BucketStore& buckets, const std::string& transactions,
                   std::int64_t max_rejects, const Comm& comm);

}  // namespace basketgap::ingest
