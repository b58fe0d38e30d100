// `basketgap append`: a night's transactions CSV -> a new batch (version + 1) of an existing
// store, under mpirun, at the cost of the night's rows, not of the store's.
//
// The night is ingested on its own (the passes of `ingest`) into a segment file,
// STORE.h5.segments/vNNNNNN.h5; then STORE.h5 is rewritten as the store's head — the merged
// household and product dictionaries, the batch records naming each batch's segment, the
// totals (io/store/segments.hpp, jobs/append/next_head). The first append links the one-file
// store's own file into the folder as the segment of the batches it holds. Both files are
// written under temporary names and renamed, the head last: a killed append leaves the store as
// it was (at worst an unreferenced segment, removed by the next writer). STORE.h5.lock keeps a
// second writer out; a night whose checksum is already a live batch changes nothing. A night's
// file of a header alone is refused unless --no-sales-day says the shop sold nothing that day
// (jobs/append/no_sales_night), and with --min-night-share one far smaller than the store's
// last nights (jobs/append/night_size).
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <utility>

#include "io/errors.hpp"
#include "io/store/provenance.hpp"
#include "io/store/reader.hpp"
#include "io/store/segments.hpp"
#include "io/store/writer.hpp"
#include "jobs/append/foreign_night.hpp"
#include "jobs/append/merged_references.hpp"
#include "jobs/append/next_head.hpp"
#include "jobs/append/night_size.hpp"
#include "jobs/append/no_sales_night.hpp"
#include "jobs/append/segment_files.hpp"
#include "jobs/append/side_file_checks.hpp"
#include "jobs/append/store_lock.hpp"
#include "jobs/append/store_readers.hpp"
#include "jobs/append/unapplied_references.hpp"
#include "jobs/cluster/atomic_output.hpp"
#include "jobs/cluster/collective_errors.hpp"
#include "jobs/cluster/comm.hpp"
#include "jobs/cluster/failpoint.hpp"
#include "jobs/cluster/output_not_input.hpp"
#include "jobs/cluster/progress.hpp"
#include "jobs/cluster/stage_report.hpp"
#include "jobs/config/job_config.hpp"
#include "jobs/day_span.hpp"
#include "jobs/ingest/ingest_passes.hpp"
#include "jobs/ingest/input_warnings.hpp"
#include "jobs/ingest/provenance.hpp"
#include "jobs/ingest/readable_days.hpp"
#include "jobs/ingest/rejects.hpp"
#include "jobs/ingest/spill_folders.hpp"
#include "jobs/ingest/tables.hpp"
#include "jobs/ingest/transactions_input.hpp"
#include "jobs/ingest/write_pass.hpp"
#include "jobs/jobs.hpp"

namespace basketgap {
namespace {

// Collective. A rerun of a night already in the store adds no version, so its products or
// households files cannot take effect: when they would change the store (an opt-out, a new
// description), refuse rather than drop them silently. Files that change nothing (a requeued
// nightly job passes the same ones again) are fine.
void refuse_unapplied_references(const AppendOptions& o, const io::StoreReader& stored, std::int64_t version,
                                 const Comm& comm) {
  if (o.products.empty() && o.households.empty()) return;
  const ingest::ReferenceFiles files = ingest::read_reference_files(
      o.products, o.households, ingest::read_ingest_config(o.config).ignore_household_columns, comm, false);
  const append::ReferenceChanges changes = append::reference_changes(
      append::merged_references(stored, {}), append::merged_references(stored, files));
  if (!changes.any()) return;
  throw UsageError(
      fmt::format("{} is already appended as version {}: the store is unchanged and {} household(s) "
                  "and {} product(s) of {} were NOT applied; pass the file(s) with the next "
                  "night's append (they take effect in that version)",
                  o.transactions, version, changes.households, changes.products,
                  o.households.empty() ? o.products
                  : o.products.empty() ? o.households
                                       : o.households + " and " + o.products))
      .raised_on_all_ranks();
}

// The night's files as ingest names them (its provenance and batch record).
IngestOptions as_ingest_options(const AppendOptions& o) {
  IngestOptions as_ingest;
  as_ingest.transactions = o.transactions;
  as_ingest.products = o.products;
  as_ingest.households = o.households;
  return as_ingest;
}

// Collective (every rank holds the same dictionaries and store): append/foreign_night.
void refuse_foreign_products(const std::string& file, const std::vector<std::int64_t>& night_products,
                             const io::StoreReader& stored, const Comm& comm) {
  on_all_ranks(comm, file, [&] {
    std::vector<std::int64_t> known = stored.products().id;
    const std::vector<std::int64_t> described = stored.catalog().products.id;
    known.insert(known.end(), described.begin(), described.end());
    std::sort(known.begin(), known.end());
    if (const auto reason = append::foreign_products_reason(file, night_products, known))
      throw InputError(*reason);
    return 0;
  });
}

}  // namespace

int run_append(const AppendOptions& o, const Comm& comm) {
  ingest::keep_freed_buckets_in_the_heap();
  Progress total("append", 0, "rows", false);  // the job's stopwatch
  JobTraffic traffic("append", comm);
  // A --rejects that names an input would be replaced by the rejected lines (the store itself,
  // or the night's file): refused before the store is locked or a row read.
  std::vector<NamedPath> inputs{{"--store", o.store},
                                {"--transactions", o.transactions},
                                {"--products", o.products},
                                {"--households", o.households},
                                {"--config", o.config}};
  for (const std::string& segment : io::segment_folder_files(o.store))
    inputs.push_back({"a segment of --store", segment});
  refuse_output_over_input({"--rejects", o.rejects}, inputs, comm);
  std::optional<append::StoreLock> lock;
  io::StoreReader stored = append::open_for_writing(o.store, lock, comm);

  // Idempotent: a night already appended (or ingested) is not added twice.
  std::string night_xxh3;
  if (comm.is_root()) night_xxh3 = io::side_file_checksum(o.transactions);
  comm.broadcast(night_xxh3);
  std::optional<std::int64_t> no_sales_day;
  if (o.no_sales_day >= 0) no_sales_day = o.no_sales_day;
  if (const io::BatchRecord* b =
          io::find_batch_by_checksum(stored.summary().batches, night_xxh3, no_sales_day)) {
    refuse_unapplied_references(o, stored, b->version, comm);
    if (comm.is_root())
      spdlog::info("append: {} already appended as version {}; nothing to do", o.transactions, b->version);
    return exit_ok;
  }
  // A retracted night's file is not taken back: a rerun of the wrong night's job must not undo
  // the retraction (a corrected file has another checksum).
  // (A night without sales has no file to correct: once retracted, its day may be recorded again.)
  for (const io::BatchRecord& b : stored.summary().batches)
    if (!no_sales_day && b.is_night(night_xxh3, no_sales_day))
      throw Error(exit_data, o.transactions + ": this file was appended as version " +
                                 std::to_string(b.version) + " and retracted in version " +
                                 std::to_string(b.retracted_in) + "; a corrected file has another checksum")
          .raised_on_all_ranks();
  // The mapping first: a night read with another mapping than the store's (the store's --config
  // forgotten) would otherwise fail on the header as bad data (65), not as the mistake it is.
  IngestConfig night_config = ingest::read_ingest_config(o.config);
  append::check_same_mapping(stored, night_config.columns);
  const ingest::TransactionsInput input = ingest::open_transactions(o.transactions, std::move(night_config));
  ingest::warn_of_suspect_inputs(o.transactions, input.schema, o.products, o.households, comm);
  bool purchases_in_file = false;
  try {
    purchases_in_file = ingest::has_purchase_lines(o.transactions, input.schema);
  } catch (Error& e) {
    e.raised_on_all_ranks();
    throw;
  }
  if (no_sales_day && purchases_in_file)
    throw UsageError(
        fmt::format("--no-sales-day {}: {} has purchase lines; the option records a night's file of a "
                    "header alone (or of returns only)",
                    *no_sales_day, o.transactions))
        .raised_on_all_ranks();
  if (no_sales_day) {
    append::record_no_sales_night(
        o, stored, *no_sales_day,
        ingest::store_sources(as_ingest_options(o), input.bytes, night_xxh3, input.config.columns), comm);
    return exit_ok;
  }
  if (!purchases_in_file)
    throw InputError(o.transactions +
                     ": no purchase line (a header alone, or returns only): a broken extract, or a day the "
                     "shop sold nothing (then record it with --no-sales-day DAY)")
        .raised_on_all_ranks();
  const std::int64_t version = stored.summary().store_version + 1;
  const std::int64_t last_day_before = stored.summary().max_day;
  const std::string segment = io::segment_name(version, version);
  const append::SegmentsFolder segments(o.store, comm);
  const std::string segment_path = segments.path() + "/" + segment;
  // A segment of this version already there was written by an append that failed or was killed
  // after writing it and before publishing the head, or kept from a store an ingest --overwrite
  // replaced while it was read (no version names it): replaced, and said. (A reader that opened
  // it reads on: the new file takes its name, not its place.)
  if (comm.is_root() && std::filesystem::exists(segment_path))
    spdlog::info(
        "append: {} was left by an earlier append of version {} that did not finish, or by a store an "
        "ingest --overwrite replaced (no version names it): replaced",
        segment_path, version);
  AtomicOutput segment_file(segment_path, true, comm);
  AtomicOutput rejects_file(
      o.rejects.empty() ? o.store + ".v" + std::to_string(version) + ".rejects.csv" : o.rejects,
      o.rejects.empty() || o.overwrite, comm);
  const ingest::ReferenceFiles night_files = ingest::read_reference_files(
      o.products, o.households, input.config.ignore_household_columns, comm, false);
  if (night_files.households)
    append::refuse_households_file_applying_nothing(o.households, night_files.household_columns);
  const ingest::ReferenceFiles references = append::merged_references(stored, night_files);
  const ingest::ReferenceFiles stored_references = append::merged_references(stored, {});
  if (night_files.households && comm.is_root())
    append::log_households_file(o.households, night_files.households->size(), *stored_references.households,
                                *references.households, o.store);
  const ingest::SpillFolders spill(segment_path, o.spill_dir, comm);
  if (comm.is_root())
    spdlog::info("append: {} ({:.1f} MB) to {} (version {} -> {}) on {} rank(s)", o.transactions,
                 input.bytes / 1e6, o.store, version - 1, version, comm.size());

  // The night alone, as a one-file store: its segment.
  ingest::IngestedRows night = ingest::ingest_rows(o.transactions, input, o.max_rejects, o.memory_rows, spill,
                                                   rejects_file, &traffic, "append", comm);
  StageReport write_report(&traffic, "append/write");
  const io::StoreProvenance provenance =
      ingest::store_provenance(as_ingest_options(o), input.bytes, input.config.columns, night.parsed,
                               night.dictionaries, night.sorted);
  ingest::StoreTables tables =
      ingest::build_store_tables(night.dictionaries, night.sorted, night_files, false);
  append::refuse_foreign_side_files(o, night_files, stored_references, tables);
  tables.catalog = {};  // the head keeps the catalog (next_head), not every night's segment
  const io::BatchRecord own_batch = ingest::new_batch(1, provenance.sources, night.parsed, night.sorted,
                                                      io::store_fingerprint(provenance.sources));
  ingest::refuse_changed_since_opened(o.transactions, input, comm);
  ingest::refuse_unreadable_day_span(
      "the store " + o.store + " with " + o.transactions,
      std::min<std::int64_t>(stored.summary().min_day, night.sorted.file_min_day),
      std::max<std::int64_t>(stored.summary().max_day, night.sorted.file_max_day));
  refuse_foreign_products(o.transactions, night.dictionaries.product_ids, stored, comm);
  // Before anything is written: a night far smaller than the last ones is likely cut short.
  if (const auto small = append::small_night_reason(
          o.transactions, own_batch.rows,
          append::recent_nights(stored.summary().batches, stored.summary().store_version), o.min_night_share))
    throw InputError(*small).raised_on_all_ranks();
  ingest::write_and_publish(segment_file, nullptr, "", spill, night.split.plan, *night.buckets, night.sorted,
                            tables, io::store_attributes(provenance), {own_batch}, comm);
  failpoint("append/segment-published");
  // The night's rejects describe its version: written now, published once the head is (a run
  // that fails before leaves no rejects file to refuse its rerun with 73).
  on_all_ranks(comm, rejects_file.final_path(), [&] {
    if (comm.is_root()) ingest::write_rejects(rejects_file, night.parsed.rejects_text);
    return 0;
  });

  // The head, last: from here on the store is the new version.
  const std::string base_segment = io::segment_name(1, version - 1);
  const append::StoreHead head =
      append::next_head(stored, references, night, provenance, version, segment, base_segment);
  append::publish_head(o.store, stored, base_segment, head, comm);
  if (comm.is_root()) rejects_file.publish_here();
  write_report.set_work(night.kept_rows, night.split.plan.mine.size());
  write_report.finish();
  if (comm.is_root()) {
    const io::BatchRecord& b = head.batches.back();
    spdlog::info(
        "append: {} is now version {}: +{} rows (days {}) in segment {}, {} rows in all, {} households; "
        "{} rejected (see {}); {:.1f} s",
        o.store, version, b.rows, day_span(b.first_day, b.last_day), segment, head.households.offset.back(),
        head.households.id.size(), b.rejected_lines, rejects_file.final_path(), total.elapsed_seconds());
    // Late rows are legitimate (a correction, a store's delayed till), but a night none of whose
    // rows is after the store's last day is more likely the wrong file.
    if (b.rows > 0 && b.last_day <= last_day_before)
      spdlog::warn(
          "append: every row of {} is dated on or before day {}, the store's last day before it (days {}): "
          "late rows, or the wrong night's file? (`retract --version {}` withdraws it)",
          o.transactions, last_day_before, day_span(b.first_day, b.last_day), version);
  }
  traffic.finish();
  comm.barrier();
  return exit_ok;
}

}  // namespace basketgap
