// `basketgap ingest`: transactions CSV (+ products, households) -> HDF5 store, under mpirun.
//
// Pass 1 each rank parses its byte range and spills valid rows to disk; the household and
// product dictionaries are merged across ranks; households are split over ranks balanced by
// rows. Pass 2 routes rows to their owner (Alltoallv, bounded batches) into on-disk buckets.
// Pass 3 sorts and de-duplicates each bucket. Pass 4 writes the store collectively.
// Memory per rank is bounded by --memory-rows, not by the input size.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <numeric>

#include "io/csv/line_reader.hpp"
#include "io/errors.hpp"
#include "io/store/provenance.hpp"
#include "jobs/cluster/atomic_output.hpp"
#include "jobs/cluster/collective_errors.hpp"
#include "jobs/cluster/comm.hpp"
#include "jobs/cluster/progress.hpp"
#include "jobs/cluster/stage_report.hpp"
#include "jobs/config/job_config.hpp"
#include "jobs/ingest/buckets.hpp"
#include "jobs/ingest/dictionaries.hpp"
#include "jobs/ingest/parse_pass.hpp"
#include "jobs/ingest/provenance.hpp"
#include "jobs/ingest/reference_files.hpp"
#include "jobs/ingest/rejects.hpp"
#include "jobs/ingest/sort_pass.hpp"
#include "jobs/ingest/spill_folders.hpp"
#include "jobs/ingest/split.hpp"
#include "jobs/ingest/tables.hpp"
#include "jobs/ingest/transactions_input.hpp"
#include "jobs/ingest/write_pass.hpp"
#include "jobs/jobs.hpp"

namespace basketgap {

int run_ingest(const IngestOptions& o, const Comm& comm) {
  ingest::keep_freed_buckets_in_the_heap();
  Progress total("ingest", 0, "rows", false);  // used as the job's stopwatch
  JobTraffic traffic("ingest", comm);
  AtomicOutput store_file(o.out, o.overwrite, comm);
  // The rejects file belongs to the store it was made with: always replaced.
  AtomicOutput rejects_file(o.rejects.empty() ? o.out + ".rejects.csv" : o.rejects, true, comm);
  // Config, header and reference files first, before any temporary exists: every rank reads the same files,
  // so a problem here is the same error on every rank.
  const ingest::TransactionsInput input = ingest::open_transactions(o.transactions, o.config);
  const IngestConfig& config = input.config;
  const io::ResolvedSchema& schema = input.schema;
  const std::uint64_t input_bytes = input.bytes;
  const ingest::ReferenceFiles references = ingest::read_reference_files(o.products, o.households, comm);
  const ingest::SpillFolders spill(o.out, o.spill_dir, store_file.token(), comm);
  if (comm.is_root())
    spdlog::info("ingest: {} ({:.1f} MB) on {} rank(s) -> {}", o.transactions, input_bytes / 1e6, comm.size(),
                 o.out);

  // Pass 1: parse.
  StageReport parse_report(&traffic, "ingest/parse");
  ingest::ParsePass parsed =
      ingest::parse_pass(o.transactions, input_bytes, schema, o.max_rejects, spill, rejects_file, comm);
  parse_report.set_work(parsed.local_records, parsed.local_households);
  parse_report.finish();

  // Dictionaries and the split of households over ranks.
  StageReport dictionaries_report(&traffic, "ingest/dictionaries");
  const ingest::Dictionaries dictionaries = ingest::merge_dictionaries(parsed, o.transactions, spill, comm);
  const ingest::HouseholdSplit split =
      ingest::split_households(dictionaries.household_rows, o.memory_rows, comm);
  dictionaries_report.set_work(parsed.local_records, parsed.local_households);
  dictionaries_report.finish();
  if (comm.is_root())
    spdlog::info("ingest: {} rows, {} households, {} products; {} bucket(s) on rank 0", parsed.records,
                 dictionaries.household_ids.size(), dictionaries.product_ids.size(), split.plan.buckets());

  // Pass 2: route to owners. A rank's work: the rows it receives, of the households it owns.
  StageReport route_report(&traffic, "ingest/route");
  ingest::BucketStore buckets(split.plan, spill.dir(), split.fits_in_memory);
  ingest::route_to_buckets(
      {parsed.spill_file, dictionaries.household_ids, dictionaries.product_ids, split.owners,
       parsed.first_line, std::clamp<std::int64_t>(o.memory_rows / 4, 1024, 1 << 20)},
      split.plan, buckets, comm, parsed.records);
  buckets.finish_appending();
  const engine::Range& owned = split.plan.mine;
  const std::int64_t owned_rows =
      std::accumulate(dictionaries.household_rows.begin() + owned.begin,
                      dictionaries.household_rows.begin() + owned.end, std::int64_t{0});
  route_report.set_work(owned_rows, owned.size());
  route_report.finish();

  // Pass 3: sort and de-duplicate.
  StageReport sort_report(&traffic, "ingest/sort");
  const ingest::SortPass sorted = ingest::sort_pass(split.plan, buckets, o.transactions, o.max_rejects, comm);
  parsed.rejects_text += sorted.duplicates_text;
  const std::int64_t kept_rows =
      std::accumulate(sorted.local.rows.begin(), sorted.local.rows.end(), std::int64_t{0});
  sort_report.set_work(kept_rows, owned.size());
  sort_report.finish();

  // Side tables and provenance (every rank: the HDF5 metadata calls must agree).
  const ingest::StoreTables tables =
      ingest::build_store_tables(dictionaries, sorted, references, comm.is_root());
  const io::StoreProvenance provenance =
      ingest::store_provenance(o, input_bytes, config.columns, parsed, dictionaries, sorted);

  // Pass 4: write the store collectively, then publish it and the rejects file.
  StageReport write_report(&traffic, "ingest/write");
  const io::BatchRecord batch =
      ingest::new_batch(1, provenance.sources, parsed, sorted, io::store_fingerprint(provenance.sources));
  ingest::write_and_publish(store_file, rejects_file, parsed.rejects_text, spill, split.plan, buckets, sorted,
                            tables, io::store_attributes(provenance), {batch}, comm);
  write_report.set_work(kept_rows, owned.size());
  write_report.finish();
  if (comm.is_root()) {
    const io::StoreCounts& c = provenance.counts;
    spdlog::info(
        "ingest: wrote {}: {} rows, {} households, {} products, {} baskets, days {}-{}; "
        "{} rejected, {} returns, {} duplicates dropped (see {}); {:.1f} s",
        o.out, c.rows, c.households, c.products, c.baskets, c.min_day, c.max_day, c.rejected_lines,
        c.return_lines, c.duplicate_lines, rejects_file.final_path(), total.elapsed_seconds());
  }
  traffic.finish();
  comm.barrier();
  return exit_ok;
}

}  // namespace basketgap
