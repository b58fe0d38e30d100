// `basketgap append`: a night's transactions CSV -> a new batch (version + 1) of an existing
// store, under mpirun.
//
// Known cost of this first version: the store is rewritten. The stored rows are fed back into
// ingest's route, sort and write passes beside the night's parsed rows (jobs/append/), so the
// new store has the layout a one-shot ingest of every row would have — the same coupons —
// plus each row's batch. Written as STORE.tmp-<run> and renamed (AtomicOutput): a killed
// append leaves STORE as it was. STORE.lock keeps a second writer out; a night whose checksum
// is already a batch changes nothing.
#include <spdlog/spdlog.h>

#include <filesystem>
#include <optional>

#include "io/csv/line_reader.hpp"
#include "io/errors.hpp"
#include "io/store/reader.hpp"
#include "jobs/append/append_provenance.hpp"
#include "jobs/append/merged_references.hpp"
#include "jobs/append/store_lock.hpp"
#include "jobs/append/stored_rows.hpp"
#include "jobs/cluster/atomic_output.hpp"
#include "jobs/cluster/collective_errors.hpp"
#include "jobs/cluster/comm.hpp"
#include "jobs/cluster/progress.hpp"
#include "jobs/config/job_config.hpp"
#include "jobs/ingest/buckets.hpp"
#include "jobs/ingest/dictionaries.hpp"
#include "jobs/ingest/parse_pass.hpp"
#include "jobs/ingest/provenance.hpp"
#include "jobs/ingest/rejects.hpp"
#include "jobs/ingest/sort_pass.hpp"
#include "jobs/ingest/spill_folders.hpp"
#include "jobs/ingest/split.hpp"
#include "jobs/ingest/tables.hpp"
#include "jobs/ingest/transactions_input.hpp"
#include "jobs/ingest/write_pass.hpp"
#include "jobs/jobs.hpp"

namespace basketgap {

int run_append(const AppendOptions& o, const Comm& comm) {
  ingest::keep_freed_buckets_in_the_heap();
  Progress total("append", 0, "rows", false);  // the job's stopwatch
  if (!std::filesystem::exists(o.store))
    throw Error(exit_no_input, o.store + ": no such store (the first night is an ingest)")
        .raised_on_all_ranks();
  // The lock first: AtomicOutput removes STORE.tmp-* of killed runs, never a live writer's.
  std::optional<append::StoreLock> lock;
  on_all_ranks(comm, o.store + ".lock", [&] {
    if (comm.is_root()) lock.emplace(o.store);
    return 0;
  });
  io::StoreReader store = on_all_ranks(comm, o.store, [&] { return io::StoreReader::open(o.store); });
  const io::StoreSummary& stored = store.summary();

  // Idempotent: a night already appended (or ingested) is not added twice.
  std::string night_xxh3;
  if (comm.is_root()) night_xxh3 = io::side_file_checksum(o.transactions);
  comm.broadcast(night_xxh3);
  if (const io::BatchRecord* b = io::find_batch_by_checksum(stored.batches, night_xxh3)) {
    if (comm.is_root())
      spdlog::info("append: {} already appended as version {}; nothing to do", o.transactions, b->version);
    return exit_ok;
  }

  const ingest::TransactionsInput input = ingest::open_transactions(o.transactions, o.config);
  const IngestConfig& config = input.config;
  const io::ResolvedSchema& schema = input.schema;
  const std::uint64_t input_bytes = input.bytes;
  const std::string mapping = io::column_mapping_text(config.columns);
  for (const auto& [name, value] : stored.attributes)
    if (name == "column_mapping" && std::get<std::string>(value) != mapping)
      throw Error(exit_usage, o.store + ": built with column mapping '" + std::get<std::string>(value) +
                                  "', the night's is '" + mapping + "' (give the store's --config)")
          .raised_on_all_ranks();
  const std::int64_t version = stored.store_version + 1;
  AtomicOutput store_file(o.store, true, comm);
  AtomicOutput rejects_file(
      o.rejects.empty() ? o.store + ".v" + std::to_string(version) + ".rejects.csv" : o.rejects, true, comm);
  const ingest::ReferenceFiles references =
      append::merged_references(store, ingest::read_reference_files(o.products, o.households, comm));
  const ingest::SpillFolders spill(o.store, o.spill_dir, store_file.token(), comm);
  if (comm.is_root())
    spdlog::info("append: {} ({:.1f} MB) to {} (version {} -> {}) on {} rank(s)", o.transactions,
                 input_bytes / 1e6, o.store, stored.store_version, version, comm.size());

  // The night's rows, then the stored ones, into one set of dictionaries.
  ingest::ParsePass parsed =
      ingest::parse_pass(o.transactions, input_bytes, schema, o.max_rejects, spill, rejects_file, comm);
  const std::uint64_t night_records = parsed.records;
  const std::string stored_spill = spill.dir() + "/stored.bin";
  const std::uint64_t stored_records = append::spill_stored_rows(store, stored_spill, parsed, comm);
  const ingest::Dictionaries dictionaries = ingest::merge_dictionaries(parsed, o.transactions, spill, comm);
  const ingest::HouseholdSplit split =
      ingest::split_households(dictionaries.household_rows, o.memory_rows, comm);

  ingest::BucketStore buckets(split.plan, spill.dir(), split.fits_in_memory);
  const std::int64_t batch_rows = std::clamp<std::int64_t>(o.memory_rows / 4, 1024, 1 << 20);
  ingest::route_to_buckets({stored_spill, dictionaries.household_ids, dictionaries.product_ids, split.owners,
                            0, batch_rows, static_cast<std::int32_t>(version)},
                           split.plan, buckets, comm, stored_records);
  ingest::route_to_buckets({parsed.spill_file, dictionaries.household_ids, dictionaries.product_ids,
                            split.owners, parsed.first_line, batch_rows, static_cast<std::int32_t>(version)},
                           split.plan, buckets, comm, night_records);
  buckets.finish_appending();
  const ingest::SortPass sorted = ingest::sort_pass(split.plan, buckets, o.transactions, o.max_rejects, comm);
  parsed.rejects_text += sorted.duplicates_text;

  const ingest::StoreTables tables =
      ingest::build_store_tables(dictionaries, sorted, references, comm.is_root());
  IngestOptions as_ingest;
  as_ingest.transactions = o.transactions;
  as_ingest.products = o.products;
  as_ingest.households = o.households;
  const io::StoreProvenance night =
      ingest::store_provenance(as_ingest, input_bytes, config.columns, parsed, dictionaries, sorted);
  const append::AppendedProvenance provenance = append::appended_provenance(
      stored, night, ingest::new_batch(version, night.sources, parsed, sorted, ""));
  store.close();
  ingest::write_and_publish(store_file, rejects_file, parsed.rejects_text, spill, split.plan, buckets, sorted,
                            tables, provenance.attributes, provenance.batches, comm);
  if (comm.is_root()) {
    const io::BatchRecord& b = provenance.batches.back();
    spdlog::info(
        "append: {} is now version {}: +{} rows (days {}-{}), {} rows in all, {} households; {} "
        "rejected (see {}); {:.1f} s",
        o.store, version, b.rows, b.first_day, b.last_day, sorted.rows, dictionaries.household_ids.size(),
        b.rejected_lines, rejects_file.final_path(), total.elapsed_seconds());
  }
  comm.barrier();
  return exit_ok;
}

}  // namespace basketgap
