#include "jobs/ingest/write_pass.hpp"

#include "io/store/writer.hpp"
#include "jobs/cluster/atomic_output.hpp"
#include "jobs/cluster/collective_errors.hpp"
#include "jobs/cluster/comm.hpp"
#include "jobs/cluster/failpoint.hpp"
#include "jobs/cluster/progress.hpp"
#include "jobs/cluster/signals.hpp"
#include "jobs/ingest/buckets.hpp"
#include "jobs/ingest/rejects.hpp"
#include "jobs/ingest/sort_pass.hpp"
#include "jobs/ingest/spill_folders.hpp"
#include "jobs/ingest/tables.hpp"

namespace basketgap::ingest {

namespace {
// Bucket `round` of this rank as store columns (empty past this rank's last bucket).
io::TransactionColumns bucket_columns(std::uint64_t round, const BucketPlan& plan, BucketStore& buckets,
                                      const SortPass& sorted) {
  io::TransactionColumns columns;
  if (round >= plan.buckets()) return columns;
  const io::RecordVector<SortedRecord> bucket = buckets.take_sorted(round);
  columns.reserve(bucket.size());
  for (std::int64_t h = plan.first[round]; h < plan.first[round + 1]; ++h)
    columns.household.insert(columns.household.end(), sorted.local.rows[h - plan.mine.begin],
                             static_cast<std::int32_t>(h));
  for (const auto& r : bucket) {
    columns.day.push_back(r.day);
    columns.basket.push_back(r.basket);
    columns.product.push_back(r.product);
    columns.quantity.push_back(r.quantity);
    columns.spend.push_back(r.spend);
    columns.batch.push_back(r.batch);
  }
  return columns;
}
}  // namespace

void write_store(const std::string& path, const BucketPlan& plan, BucketStore& buckets,
                 const SortPass& sorted, const StoreTables& tables, const io::Attributes& attributes,
                 const std::vector<io::BatchRecord>& batches, const Comm& comm) {
  throw_if_stop_requested("ingest/write");
  io::StoreWriter writer(path, comm.raw(), sorted.rows);
  Progress progress("ingest/write", sorted.rows, "rows", comm.is_root());
  const auto rounds = comm.allreduce<std::uint64_t>(plan.buckets(), ReduceOp::max);
  std::int64_t written = 0;
  for (std::uint64_t round = 0; round < rounds; ++round) {
    const io::TransactionColumns columns = bucket_columns(round, plan, buckets, sorted);
    const std::int64_t offset = round < plan.buckets() ? sorted.offsets[plan.first[round]] : 0;
    writer.write_transactions(offset, columns);
    written += comm.allreduce<std::int64_t>(columns.size(), ReduceOp::sum);
    progress.update(written);
  }
  writer.write_households(tables.households, comm.is_root());
  writer.write_products(tables.products, comm.is_root());
  writer.write_batches(batches, comm.is_root());
  writer.write_attributes(attributes);
  writer.close();
  progress.finish(written);
}

void write_and_publish(AtomicOutput& store_file, AtomicOutput* rejects_file, const std::string& rejects_rows,
                       const SpillFolders& spill, const BucketPlan& plan, BucketStore& buckets,
                       const SortPass& sorted, const StoreTables& tables, const io::Attributes& attributes,
                       const std::vector<io::BatchRecord>& batches, const Comm& comm) {
  write_store(store_file.temporary(), plan, buckets, sorted, tables, attributes, batches, comm);
  spill.remove();
  if (rejects_file)
    on_all_ranks(comm, rejects_file->final_path(), [&] {
      if (comm.is_root()) write_rejects(*rejects_file, rejects_rows);
      return 0;
    });
  failpoint("store/written");
  store_file.publish(comm);
  if (comm.is_root() && rejects_file) rejects_file->publish_here();
}

}  // namespace basketgap::ingest
