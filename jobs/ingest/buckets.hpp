// Where ingest keeps a rank's routed rows between passes: on disk, one spill file per bucket,
// or — when the rank's whole share fits in one bucket (--memory-rows) — in memory, which
// spares two writes and two reads of every row on small and medium inputs.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "io/spill/spill_file.hpp"
#include "jobs/ingest/records.hpp"

namespace basketgap::ingest {

// Buckets of hundreds of MB are allocated and freed in turn; glibc would serve each from a
// fresh mmap whose pages the kernel zeroes on first touch (~15% of the sort and write
// passes). From the heap, freed buckets are reused; the peak stays bounded by --memory-rows.
void keep_freed_buckets_in_the_heap();

struct BucketPlan;

class BucketStore {
 public:
  BucketStore(const BucketPlan& plan, std::string dir, bool in_memory);

  void append(std::size_t bucket, const DenseRecord& record);
  void finish_appending();
  // Moves bucket b's routed rows out (the file is removed).
  io::RecordVector<DenseRecord> take(std::size_t bucket);
  // Keeps bucket b's sorted rows until the write pass takes them.
  void put_sorted(std::size_t bucket, io::RecordVector<SortedRecord> rows);
  io::RecordVector<SortedRecord> take_sorted(std::size_t bucket);
  std::size_t buckets() const { return count_; }

 private:
  std::string path(std::size_t b, const char* kind) const;

  std::string dir_;
  std::size_t count_;
  bool in_memory_;
  std::vector<io::RecordVector<DenseRecord>> memory_;
  std::vector<io::RecordVector<SortedRecord>> sorted_memory_;
  std::vector<std::unique_ptr<io::SpillWriter<DenseRecord>>> writers_;
  std::vector<std::size_t> counts_, sorted_counts_;  // records per file: one allocation to read
};

}  // namespace basketgap::ingest
