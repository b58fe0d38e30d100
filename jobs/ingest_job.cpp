// `basketgap ingest`: transactions CSV (+ products, households) -> HDF5 store, under mpirun.
//
// Passes 1-3 are jobs/ingest/ingest_passes (shared with append), pass 4 jobs/ingest/write_pass;
// docs/ARCHITECTURE.md "Data flow of a night" numbers the same work as steps 1-5. Pass 1: each
// rank parses its byte range and spills valid rows to disk (step 1); the household and product
// dictionaries are merged across ranks and households split over ranks balanced by rows
// (step 2). Pass 2 routes rows to their owner (Alltoallv, bounded batches) into on-disk buckets
// (step 3). Pass 3 sorts and de-duplicates each bucket (step 4). Pass 4 writes the store
// collectively (step 5). Memory per rank is bounded by --memory-rows, not by the input size.
#include <vector>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <optional>

#include "io/csv/line_reader.hpp"
#include "io/errors.hpp"
#include "io/store/provenance.hpp"
#include "jobs/append/segment_files.hpp"
#include "jobs/append/store_lock.hpp"
#include "jobs/cluster/atomic_output.hpp"
#include "jobs/cluster/collective_errors.hpp"
#include "jobs/cluster/comm.hpp"
#include "jobs/cluster/output_not_input.hpp"
#include "jobs/cluster/progress.hpp"
#include "jobs/cluster/stage_report.hpp"
#include "jobs/config/job_config.hpp"
#include "jobs/day_span.hpp"
#include "jobs/ingest/ingest_passes.hpp"
#include "jobs/ingest/input_warnings.hpp"
#include "jobs/ingest/opt_outs_kept.hpp"
#include "jobs/ingest/provenance.hpp"
#include "jobs/ingest/readable_days.hpp"
#include "jobs/ingest/reference_files.hpp"
#include "jobs/ingest/rejects.hpp"
#include "jobs/ingest/spill_folders.hpp"
#include "jobs/ingest/tables.hpp"
#include "jobs/ingest/transactions_input.hpp"
#include "jobs/ingest/write_pass.hpp"
#include "jobs/jobs.hpp"

namespace basketgap {

namespace {

// A products or households file that describes none of the ids bought is another shop's or
// another numbering's: the campaign's exclusions, the coupons' texts or the consent would all
// be missing, which changes what is mailed. Every rank built the same tables: all throw.
void refuse_foreign_side_files(const IngestOptions& o, const ingest::StoreTables& tables) {
  const auto refuse = [](const std::string& file, const ingest::JoinStats& join, std::size_t ids,
                         const char* what) {
    if (join.matched > 0 || ids == 0) return;
    throw InputError(fmt::format("{}: describes none of the {} {} ({} entries, none of their ids "
                                 "in the transactions): the file of another shop or numbering?",
                                 file, ids, what, join.unused))
        .raised_on_all_ranks();
  };
  if (!o.products.empty())
    refuse(o.products, tables.product_join, tables.products.id.size(), "products bought");
  if (!o.households.empty())
    refuse(o.households, tables.household_join, tables.households.id.size(), "households with purchases");
}

}  // namespace

int run_ingest(const IngestOptions& o, const Comm& comm) {
  ingest::keep_freed_buckets_in_the_heap();
  Progress total("ingest", 0, "rows", false);  // used as the job's stopwatch
  JobTraffic traffic("ingest", comm);
  const std::vector<NamedPath> inputs{{"--transactions", o.transactions},
                                      {"--products", o.products},
                                      {"--households", o.households},
                                      {"--config", o.config}};
  refuse_output_over_input({"--out", o.out}, inputs, comm);
  // Replacing a store is writing it: one writer at a time, as append, compact and retract (an
  // append running meanwhile would publish its head over the new store, whose replacement
  // removed the segments it names). The lock first: AtomicOutput removes temporaries of killed runs.
  std::optional<append::StoreLock> lock;
  if (o.overwrite)
    on_all_ranks(comm, o.out + ".lock", [&] {
      if (comm.is_root() && std::filesystem::exists(o.out)) lock.emplace(o.out);
      return 0;
    });
  AtomicOutput store_file(o.out, o.overwrite, comm);
  // Both outputs are checked before any work, so a bad --rejects never leaves a published store
  // behind. The default rejects file belongs to the store it was made with: always replaced; a
  // named one is any other output (kept unless --overwrite).
  const NamedPath rejects{o.rejects.empty() ? "the rejects file" : "--rejects",
                          o.rejects.empty() ? o.out + ".rejects.csv" : o.rejects};
  std::vector<NamedPath> not_rejects = inputs;
  not_rejects.push_back({"--out", o.out});
  refuse_output_over_input(rejects, not_rejects, comm);
  // (refuse_output_over_input knows the folders of stores that exist; this one may not yet.)
  append::refuse_output_in_segments_folder(rejects.option, rejects.path, o.out, comm);
  AtomicOutput rejects_file(rejects.path, o.rejects.empty() || o.overwrite, comm);
  // Config, header and reference files first, before any temporary exists: every rank reads the same files,
  // so a problem here is the same error on every rank.
  const ingest::TransactionsInput input =
      ingest::open_transactions(o.transactions, ingest::read_ingest_config(o.config));
  const IngestConfig& config = input.config;
  const std::uint64_t input_bytes = input.bytes;
  ingest::warn_of_suspect_inputs(o.transactions, input.schema, o.products, o.households, comm);
  const ingest::ReferenceFiles references =
      ingest::read_reference_files(o.products, o.households, config.ignore_household_columns, comm);
  const ingest::SpillFolders spill(o.out, o.spill_dir, comm);
  if (comm.is_root())
    spdlog::info("ingest: {} ({:.1f} MB) on {} rank(s) -> {}", o.transactions, input_bytes / 1e6, comm.size(),
                 o.out);

  // The default rejects file belongs to the store: a failed run that leaves an existing store in
  // place writes its rejects beside it, not over the store's own.
  const std::string failed_rejects =
      o.rejects.empty() && std::filesystem::exists(o.out) ? o.out + ".failed.rejects.csv" : "";
  ingest::IngestedRows ingested =
      ingest::ingest_rows(o.transactions, input, o.max_rejects, o.memory_rows, spill, rejects_file, &traffic,
                          "ingest", comm, failed_rejects);
  const ingest::ParsePass& parsed = ingested.parsed;
  const ingest::Dictionaries& dictionaries = ingested.dictionaries;
  const ingest::SortPass& sorted = ingested.sorted;
  const engine::Range& owned = ingested.split.plan.mine;

  // Side tables and provenance (every rank: the HDF5 metadata calls must agree).
  const ingest::StoreTables tables =
      ingest::build_store_tables(dictionaries, sorted, references, comm.is_root());
  refuse_foreign_side_files(o, tables);
  if (o.overwrite) ingest::refuse_lost_opt_outs(o.out, tables.households, tables.catalog.households, comm);
  const io::StoreProvenance provenance =
      ingest::store_provenance(o, input_bytes, config.columns, parsed, dictionaries, sorted);

  ingest::refuse_changed_since_opened(o.transactions, input, comm);
  ingest::refuse_unreadable_day_span(o.transactions, sorted.min_day, sorted.max_day);
  // Pass 4: write the store collectively, then publish it and the rejects file.
  StageReport write_report(&traffic, "ingest/write");
  const io::BatchRecord batch =
      ingest::new_batch(1, provenance.sources, parsed, sorted, io::store_fingerprint(provenance.sources));
  ingest::write_and_publish(store_file, &rejects_file, parsed.rejects_text, spill, ingested.split.plan,
                            *ingested.buckets, sorted, tables, io::store_attributes(provenance), {batch},
                            comm);
  write_report.set_work(ingested.kept_rows, owned.size());
  write_report.finish();
  if (comm.is_root()) append::remove_replaced_store_files(o.out);
  if (comm.is_root()) {
    const io::StoreCounts& c = provenance.counts;
    spdlog::info(
        "ingest: wrote {}: {} rows, {} households, {} products, {} baskets, days {}; "
        "{} rejected, {} returns, {} duplicates dropped (see {}{}); {:.1f} s",
        o.out, c.rows, c.households, c.products, c.baskets, day_span(c.min_day, c.max_day), c.rejected_lines,
        c.return_lines, c.duplicate_lines, rejects_file.final_path(),
        std::max(c.return_lines, c.duplicate_lines) > o.max_rejects
            ? (o.max_rejects == 0
                   ? std::string(": it lists no return nor duplicate (--max-rejects 0)")
                   : fmt::format(": it lists the first {} returns and the first {} duplicates by line",
                                 o.max_rejects, o.max_rejects))
            : std::string(),
        total.elapsed_seconds());
  }
  traffic.finish();
  comm.barrier();
  return exit_ok;
}

}  // namespace basketgap
