#include "jobs/ingest/write_pass.hpp"

#include <cstdlib>

#include "io/store/tables.hpp"
#include "io/store/writer.hpp"
#include "jobs/cluster/atomic_output.hpp"
#include "jobs/cluster/collective_errors.hpp"
#include "jobs/cluster/comm.hpp"
#include "jobs/cluster/failpoint.hpp"
#include "jobs/cluster/progress.hpp"
#include "jobs/cluster/room_to_close.hpp"
#include "jobs/cluster/signals.hpp"
#include "jobs/ingest/buckets.hpp"
#include "jobs/ingest/rejects.hpp"
#include "jobs/ingest/sort_pass.hpp"
#include "jobs/ingest/spill_folders.hpp"
#include "jobs/ingest/tables.hpp"

namespace basketgap::ingest {

namespace {
// Appends bucket `round` of this rank to `columns` (nothing past this rank's last bucket), with
// its basket starts: a bucket holds whole households.
void append_bucket(std::uint64_t round, const BucketPlan& plan, BucketStore& buckets, const SortPass& sorted,
                   io::TransactionColumns& columns) {
  if (round >= plan.buckets()) return;
  const io::RecordVector<SortedRecord> bucket = buckets.take_sorted(round);
  const std::size_t first = columns.size();
  columns.reserve(first + bucket.size());
  columns.basket_start.reserve(first + bucket.size());
  for (std::int64_t h = plan.first[round]; h < plan.first[round + 1]; ++h)
    columns.household.insert(columns.household.end(), sorted.local.rows[h - plan.mine.begin],
                             static_cast<std::int32_t>(h));
  for (std::size_t i = 0; i < bucket.size(); ++i) {
    const SortedRecord& r = bucket[i];
    const std::size_t row = first + i;
    columns.basket_start.push_back(
        i == 0 || io::opens_basket(columns.household[row] != columns.household[row - 1], r.basket, r.day,
                                   bucket[i - 1].basket, bucket[i - 1].day));
    columns.day.push_back(r.day);
    columns.basket.push_back(r.basket);
    columns.product.push_back(r.product);
    columns.quantity.push_back(r.quantity);
    columns.spend.push_back(r.spend);
    columns.batch.push_back(r.batch);
  }
}

// Keeps the first `count` rows of `columns` and returns the others.
io::TransactionColumns split_after(io::TransactionColumns& columns, std::size_t count) {
  io::TransactionColumns rest;
  const auto split = [count](auto& column, auto& tail) {
    tail.assign(column.begin() + static_cast<std::ptrdiff_t>(count), column.end());
    column.resize(count);
  };
  split(columns.household, rest.household);
  split(columns.day, rest.day);
  split(columns.basket, rest.basket);
  split(columns.product, rest.product);
  split(columns.quantity, rest.quantity);
  split(columns.spend, rest.spend);
  split(columns.batch, rest.batch);
  split(columns.basket_start, rest.basket_start);
  return rest;
}
// The rows a write round ends on: StoreWriter::kAlignedRows, or BASKETGAP_WRITE_ALIGN_ROWS
// (for tests: a few rows make even a small store's rounds carry rows that continue a basket).
std::int64_t aligned_rows() {
  const char* text = std::getenv("BASKETGAP_WRITE_ALIGN_ROWS");
  const long long rows = text ? std::atoll(text) : 0;
  return rows > 0 ? rows : io::StoreWriter::kAlignedRows;
}

// A stop signal between write rounds (Slurm's time limit or scancel: SIGKILL follows after
// KillWait): every rank closes the unfinished file together — a collective close, so no rank is
// left in it — and the job ends 75 without publishing. The write of a large store takes
// minutes; acting only after it left the stop to the watchdog's MPI_Abort.
void stop_between_rounds_if_asked(io::StoreWriter& writer, const std::string& path, const Comm& comm) {
  failpoint("ingest/write-round");
  if (!comm.any(stop_requested())) return;
  check_room_to_close(path, comm);
  writer.close();
  throw_if_stop_requested_on_any_rank("ingest/write", comm);  // true on every rank: the Error all raise
}
// Collective. Writes the sorted buckets (taken from `buckets`), the side tables (rank 0's
// data), the batch records and the root attributes to `path`, and closes it.
void write_store(const std::string& path, const BucketPlan& plan, BucketStore& buckets,
                 const SortPass& sorted, const StoreTables& tables, const io::Attributes& attributes,
                 const std::vector<io::BatchRecord>& batches, const Comm& comm) {
  throw_if_stop_requested("ingest/write");
  io::StoreWriter writer(path, comm.raw(), sorted.rows);
  Progress progress("ingest/write", sorted.rows, "rows", comm.is_root());
  // One round per bucket, and one more for the rows each rank still holds: a round writes up to
  // the last multiple of kAlignedRows and carries the rest into the next one, so no chunk is
  // written twice (only those at the ranks' edges are shared).
  const auto rounds = comm.allreduce<std::uint64_t>(plan.buckets(), ReduceOp::max) + 1;
  const std::int64_t align = aligned_rows();
  std::int64_t next = plan.buckets() > 0 ? sorted.offsets[plan.first[0]] : 0;  // this rank's next row
  // Progress counts the rows taken into rounds, not those written: with small buckets, rows wait
  // for an aligned boundary over many rounds and a written count would stand still meanwhile.
  std::int64_t taken = 0;
  io::TransactionColumns pending;
  for (std::uint64_t round = 0; round < rounds; ++round) {
    const std::size_t before = pending.size();
    append_bucket(round, plan, buckets, sorted, pending);
    const auto taken_now = static_cast<std::int64_t>(pending.size() - before);
    const bool last = round + 1 == rounds;
    const std::int64_t end = next + static_cast<std::int64_t>(pending.size());
    const std::int64_t aligned = end / align * align;
    const auto count =
        static_cast<std::size_t>(last ? end - next : std::max<std::int64_t>(aligned - next, 0));
    io::TransactionColumns rest = split_after(pending, count);
    writer.write_transactions(next, pending);
    next += static_cast<std::int64_t>(count);
    pending = std::move(rest);
    taken += comm.allreduce<std::int64_t>(taken_now, ReduceOp::sum);
    progress.update(taken);
    if (!last) stop_between_rounds_if_asked(writer, path, comm);
  }
  writer.write_households(tables.households, comm.is_root());
  writer.write_products(tables.products, comm.is_root());
  writer.write_catalog(tables.catalog, comm.is_root());
  writer.write_batches(batches, comm.is_root());
  writer.write_attributes(attributes);
  check_room_to_close(path, comm);
  writer.close();
  progress.finish(taken);
}

}  // namespace

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
