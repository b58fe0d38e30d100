#include "jobs/ingest/buckets.hpp"

#include <malloc.h>

#include <filesystem>

#include "jobs/ingest/sort.hpp"

namespace basketgap::ingest {

void keep_freed_buckets_in_the_heap() {
  mallopt(M_MMAP_MAX, 0);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
}

BucketStore::BucketStore(const BucketPlan& plan, std::string dir, bool in_memory)
    : dir_(std::move(dir)), count_(plan.buckets()), in_memory_(in_memory) {
  if (in_memory_) {
    memory_.resize(count_);
    sorted_memory_.resize(count_);
    return;
  }
  for (std::size_t b = 0; b < count_; ++b)
    writers_.push_back(std::make_unique<io::SpillWriter<DenseRecord>>(path(b, "bucket")));
}

std::string BucketStore::path(std::size_t b, const char* kind) const {
  return dir_ + "/" + kind + "-" + std::to_string(b) + ".bin";
}

void BucketStore::append(std::size_t bucket, const DenseRecord& record) {
  if (in_memory_)
    memory_[bucket].push_back(record);
  else
    writers_[bucket]->push(record);
}

void BucketStore::finish_appending() {
  counts_.clear();
  for (auto& w : writers_) {
    counts_.push_back(w->count());
    w->close();
  }
  writers_.clear();
}

io::RecordVector<DenseRecord> BucketStore::take(std::size_t bucket) {
  if (in_memory_) return std::move(memory_[bucket]);
  io::RecordVector<DenseRecord> rows;
  {
    io::SpillReader<DenseRecord> reader(path(bucket, "bucket"));
    rows = reader.read_all(counts_[bucket]);
  }
  std::filesystem::remove(path(bucket, "bucket"));
  return rows;
}

void BucketStore::put_sorted(std::size_t bucket, io::RecordVector<SortedRecord> rows) {
  if (in_memory_) {
    sorted_memory_[bucket] = std::move(rows);
    return;
  }
  sorted_counts_.resize(count_);
  sorted_counts_[bucket] = rows.size();
  io::SpillWriter<SortedRecord> writer(path(bucket, "sorted"));
  writer.write(rows);
  writer.close();
}

io::RecordVector<SortedRecord> BucketStore::take_sorted(std::size_t bucket) {
  if (bucket >= count_) return {};
  if (in_memory_) return std::move(sorted_memory_[bucket]);
  io::RecordVector<SortedRecord> rows;
  {
    io::SpillReader<SortedRecord> reader(path(bucket, "sorted"));
    rows = reader.read_all(sorted_counts_[bucket]);
  }
  std::filesystem::remove(path(bucket, "sorted"));
  return rows;
}

}  // namespace basketgap::ingest
