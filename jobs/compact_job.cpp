// `basketgap compact`: a segmented store (STORE.h5 + STORE.h5.segments/, one segment per
// append) folded back into one file, under mpirun. Every visible row is read back from the
// segments (jobs/append/segment_rows) and fed to ingest's route, sort and write passes: the
// result is laid out as a one-shot ingest of every batch's file (the same dense indices and
// rows, a purchase repeated across batches kept once, from the earliest), plus each row's
// batch, so pinned reruns still work. Bounded memory (--memory-rows), atomic (STORE.tmp-<run>,
// renamed), under the store's lock; the segment files go once the new file is published.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <numeric>
#include <optional>

#include "io/errors.hpp"
#include "io/store/reader.hpp"
#include "io/store/segments.hpp"
#include "jobs/append/append_provenance.hpp"
#include "jobs/append/merged_references.hpp"
#include "jobs/append/segment_files.hpp"
#include "jobs/append/segment_rows.hpp"
#include "jobs/append/store_readers.hpp"
#include "jobs/cluster/atomic_output.hpp"
#include "jobs/cluster/comm.hpp"
#include "jobs/cluster/progress.hpp"
#include "jobs/cluster/stage_report.hpp"
#include "jobs/ingest/buckets.hpp"
#include "jobs/ingest/dictionaries.hpp"
#include "jobs/ingest/parse_pass.hpp"
#include "jobs/ingest/sort_pass.hpp"
#include "jobs/ingest/spill_folders.hpp"
#include "jobs/ingest/split.hpp"
#include "jobs/ingest/tables.hpp"
#include "jobs/ingest/write_pass.hpp"
#include "jobs/jobs.hpp"

namespace basketgap {

int run_compact(const CompactOptions& o, const Comm& comm) {
  ingest::keep_freed_buckets_in_the_heap();
  Progress total("compact", 0, "rows", false);  // the job's stopwatch
  JobTraffic traffic("compact", comm);
  std::optional<append::StoreLock> lock;
  io::StoreReader stored = append::open_for_writing(o.store, lock, comm);
  const io::StoreSummary summary = stored.summary();
  if (!stored.segmented()) {
    if (comm.is_root()) {
      append::remove_unreferenced_segments(o.store, summary.batches);
      spdlog::info("compact: {} is one file already (version {}); nothing to do", o.store,
                   summary.store_version);
    }
    return exit_ok;
  }
  const std::vector<io::Segment> segments = io::open_segments(stored);
  AtomicOutput store_file(o.store, true, comm);
  const ingest::SpillFolders spill(o.store, o.spill_dir, comm);
  if (comm.is_root())
    spdlog::info("compact: {} (version {}, {} segment(s), {} rows) on {} rank(s)", o.store,
                 summary.store_version, segments.size(), summary.rows, comm.size());

  StageReport read_report(&traffic, "compact/read");
  ingest::ParsePass parsed;
  parsed.spill_file = spill.dir() + "/rows.bin";
  const std::uint64_t records = append::spill_segment_rows(segments, summary.batches, summary.store_version,
                                                           parsed.spill_file, parsed, comm);
  read_report.set_work(parsed.local_records, parsed.local_households);
  const ingest::Dictionaries dictionaries = ingest::merge_dictionaries(parsed, o.store, spill, comm);
  const ingest::HouseholdSplit split =
      ingest::split_households(dictionaries.household_rows, o.memory_rows, comm);
  read_report.finish();

  StageReport sort_report(&traffic, "compact/sort");
  ingest::BucketStore buckets(split.plan, spill.dir(), split.fits_in_memory);
  ingest::route_to_buckets({parsed.spill_file, dictionaries.household_ids, dictionaries.product_ids,
                            split.owners, 0, std::clamp<std::int64_t>(o.memory_rows / 4, 1024, 1 << 20)},
                           split.plan, buckets, comm, records);
  buckets.finish_appending();
  const ingest::SortPass sorted = ingest::sort_pass(split.plan, buckets, o.store, 0, comm);
  const std::int64_t kept_rows =
      std::accumulate(sorted.local.rows.begin(), sorted.local.rows.end(), std::int64_t{0});
  sort_report.set_work(kept_rows, split.plan.mine.size());
  sort_report.finish();

  StageReport write_report(&traffic, "compact/write");
  const ingest::StoreTables tables = ingest::build_store_tables(
      dictionaries, sorted, append::without_empty_entries(append::merged_references(stored, {})), false);
  std::vector<io::BatchRecord> batches = summary.batches;
  for (io::BatchRecord& b : batches) b.segment = b.segment_fingerprint = "";
  const std::int64_t repeats = static_cast<std::int64_t>(records) - sorted.rows;
  ingest::write_and_publish(
      store_file, nullptr, "", spill, split.plan, buckets, sorted, tables,
      append::compacted_attributes(
          summary, sorted.rows, dictionaries.household_ids.size(), dictionaries.product_ids.size(),
          sorted.basket_total, sorted.min_day,
          io::last_covered_day(summary.batches, summary.store_version, sorted.max_day), repeats),
      batches, comm);
  write_report.set_work(kept_rows, split.plan.mine.size());
  write_report.finish();
  if (comm.is_root()) {
    append::make_readers_lock(o.store);
    const std::size_t removed = append::remove_unreferenced_segments(o.store, batches);
    spdlog::info(
        "compact: {} is one file again: version {}, {} rows ({} repeated across batches dropped), {} "
        "households; {} segment file(s) removed; {:.1f} s",
        o.store, summary.store_version, sorted.rows, repeats, dictionaries.household_ids.size(), removed,
        total.elapsed_seconds());
  }
  traffic.finish();
  comm.barrier();
  return exit_ok;
}

}  // namespace basketgap
