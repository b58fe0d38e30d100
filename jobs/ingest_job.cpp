// `basketgap ingest`: transactions CSV (+ products, households) -> HDF5 store, under mpirun.
//
// Pass 1 each rank parses its byte range and spills valid rows to disk; the household and
// product dictionaries are merged across ranks; households are split over ranks balanced by
// rows. Pass 2 routes rows to their owner (Alltoallv, bounded batches) into on-disk buckets.
// Pass 3 sorts and de-duplicates each bucket. Pass 4 writes the store collectively.
// Memory per rank is bounded by --memory-rows, not by the input size.
#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <malloc.h>
#include <xxhash.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "engine/partition.hpp"
#include "io/errors.hpp"
#include "io/csv/line_reader.hpp"
#include "io/spill/spill_file.hpp"
#include "io/store/schema.hpp"
#include "io/store/writer.hpp"
#include "jobs/cluster/comm.hpp"
#include "jobs/config/job_config.hpp"
#include "jobs/ingest/buckets.hpp"
#include "jobs/ingest/parse.hpp"
#include "jobs/ingest/rejects.hpp"
#include "jobs/ingest/sort.hpp"
#include "jobs/ingest/tables.hpp"
#include "jobs/jobs.hpp"
#include "jobs/cluster/atomic_output.hpp"
#include "jobs/cluster/progress.hpp"
#include "jobs/cluster/signals.hpp"

namespace fs = std::filesystem;

namespace basketgap {
namespace {

using ingest::IdCount;

// Merges every rank's (household id, rows) list into one ascending dictionary with counts.
void merge_households(const std::vector<IdCount>& local, const Comm& comm,
                      std::vector<std::int64_t>& ids, std::vector<std::int64_t>& rows) {
  std::vector<IdCount> all = comm.allgatherv<IdCount>(local);
  std::sort(all.begin(), all.end(), [](const IdCount& a, const IdCount& b) { return a.id < b.id; });
  ids.clear();
  rows.clear();
  for (const IdCount& e : all) {
    if (!ids.empty() && ids.back() == e.id) {
      rows.back() += e.count;
    } else {
      ids.push_back(e.id);
      rows.push_back(e.count);
    }
  }
}

std::vector<std::int64_t> merge_products(const std::vector<std::int64_t>& local, const Comm& comm) {
  std::vector<std::int64_t> all = comm.allgatherv<std::int64_t>(local);
  std::sort(all.begin(), all.end());
  all.erase(std::unique(all.begin(), all.end()), all.end());
  return all;
}

std::vector<std::int64_t> to_offsets(const std::vector<std::int64_t>& rows) {
  std::vector<std::int64_t> offsets(rows.size() + 1, 0);
  for (std::size_t i = 0; i < rows.size(); ++i) offsets[i + 1] = offsets[i] + rows[i];
  return offsets;
}

std::string hex(std::uint64_t v) { return fmt::format("{:016x}", v); }

// Checksum of a whole (small) side file with the same block scheme as the transactions.
std::string side_file_checksum(const std::string& path) {
  if (path.empty()) return "";
  io::LineRangeReader reader(path, {0, io::file_size(path)});
  std::string_view line;
  while (reader.next(line)) {
  }
  return hex(io::combine_block_hashes(reader.block_hashes()));
}

std::string mapping_text(const io::ColumnMapping& m) {
  return fmt::format("household={} basket={} day={} product={} quantity={} spend={} day_format={} day_origin={}",
                     m.household, m.basket, m.day, m.product, m.quantity, m.spend,
                     m.day_format == io::DayFormat::iso_date ? "iso-date" : "day-number", m.day_origin);
}

}  // namespace

int run_ingest(const IngestOptions& o, const Comm& comm) {
  // Buckets of hundreds of MB are allocated and freed in turn; glibc would serve each from a
  // fresh mmap whose pages the kernel zeroes on first touch (~15% of the sort and write
  // passes). From the heap, freed buckets are reused; the peak stays bounded by --memory-rows.
  mallopt(M_MMAP_MAX, 0);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  Progress total("ingest", 0, "rows", false);  // used as the job's stopwatch
  AtomicOutput store_file(o.out, o.overwrite, comm);
  // The rejects file belongs to the store it was made with: always replaced.
  AtomicOutput rejects_file(o.rejects.empty() ? o.out + ".rejects.csv" : o.rejects, true, comm);
  const std::string& rejects_path = rejects_file.final_path();
  // Config and header first, before any temporary exists: every rank reads the same files,
  // so a problem here is the same error on every rank.
  IngestConfig config;
  std::string header;
  io::ResolvedSchema schema;
  std::uint64_t input_bytes = 0;
  try {
    config = load_config(o.config).ingest;
    header = io::read_first_line(o.transactions);
    schema = io::resolve_schema(header, config.columns, o.transactions);
    input_bytes = io::file_size(o.transactions);
  } catch (Error& e) {
    e.raised_on_all_ranks();
    throw;
  }
  const std::string& token = store_file.token();
  const std::string& tmp_store = store_file.temporary();
  const fs::path spill_base = o.spill_dir.empty() ? fs::path(o.out).parent_path() : fs::path(o.spill_dir);
  const std::string spill_root = (spill_base.empty() ? fs::path(".") : spill_base) /
                                 (fs::path(o.out).filename().string() + ".spill-" + token);
  const std::string spill_dir = spill_root + "/rank-" + std::to_string(comm.rank());
  TemporaryPaths temporaries;  // removed on every exit path
  temporaries.add(spill_dir);
  if (comm.is_root()) temporaries.add(spill_root);
  fs::create_directories(spill_dir);
  // Collective clean-up of the spill folders (each rank its own, then rank 0 the parent).
  const auto remove_spill = [&] {
    fs::remove_all(spill_dir);
    comm.barrier();
    if (comm.is_root()) fs::remove_all(spill_root);
  };

  const io::ByteRange range = io::plan_byte_range(input_bytes, comm.rank(), comm.size());
  if (comm.is_root())
    spdlog::info("ingest: {} ({:.1f} MB) on {} rank(s) -> {}", o.transactions, input_bytes / 1e6,
                 comm.size(), o.out);

  // Pass 1: parse.
  const std::string parsed_spill = spill_dir + "/parsed.bin";
  io::SpillWriter<ingest::ParsedRecord> spill(parsed_spill);
  Progress parse_progress("ingest/parse", range.end - range.begin, "bytes", comm.is_root());
  ingest::ParseResult parsed =
      ingest::parse_range(o.transactions, schema, range, spill, parse_progress, o.max_rejects);
  const auto first_line = comm.exclusive_prefix_sum<std::int64_t>(parsed.lines);
  const auto budgeted = comm.allreduce<std::int64_t>(parsed.budgeted_rejects, ReduceOp::sum);
  const auto return_lines = comm.allreduce<std::int64_t>(parsed.return_lines, ReduceOp::sum);
  const auto blank_lines = comm.allreduce<std::int64_t>(parsed.blank_lines, ReduceOp::sum);
  const auto records = comm.allreduce<std::uint64_t>(parsed.records, ReduceOp::sum);
  const auto data_lines = comm.allreduce<std::int64_t>(parsed.lines, ReduceOp::sum) - 1;
  std::string rejects_text = ingest::gather_text(
      ingest::format_rejects(parsed.rejects, o.transactions, first_line), comm);
  const std::vector<std::uint64_t> hashes = comm.allgatherv<std::uint64_t>(parsed.block_hashes);

  // The first budgeted reject, for the one-line error.
  std::string first_reject;
  for (const auto& r : parsed.rejects)
    if (io::counts_against_budget(r.reason)) {
      first_reject = ingest::describe(r, o.transactions, first_line);
      break;
    }
  if (budgeted > 0 && comm.is_root())
    spdlog::warn("ingest: {} line(s) rejected (budget {}); first: {}", budgeted, o.max_rejects,
                 first_reject.empty() ? "on another rank, see the rejects file" : first_reject);
  if (budgeted > o.max_rejects) {
    if (comm.is_root()) {
      rejects_file.write_text(ingest::kRejectsHeader + rejects_text);
      rejects_file.publish_here();
    }
    remove_spill();
    throw InputError(fmt::format("{}: {} lines rejected, more than --max-rejects {}; nothing was "
                                 "written; see {}", o.transactions, budgeted, o.max_rejects, rejects_path))
        .raised_on_all_ranks();
  }

  // Dictionaries and the split of households over ranks.
  std::vector<std::int64_t> household_ids, household_rows;
  merge_households(parsed.household_rows, comm, household_ids, household_rows);
  const std::vector<std::int64_t> product_ids = merge_products(parsed.products, comm);
  parsed.household_rows = {};
  parsed.products = {};
  if (household_ids.empty()) {
    remove_spill();
    throw InputError(o.transactions + ": no valid transaction line (" + std::to_string(data_lines) + " data lines)")
        .raised_on_all_ranks();
  }
  if (household_ids.size() > INT32_MAX || product_ids.size() > INT32_MAX)
    throw InputError(o.transactions + ": more than 2^31 households or products");
  const std::vector<std::int64_t> pre_offsets = to_offsets(household_rows);
  const std::vector<engine::Range> owners = engine::balance_by_rows(pre_offsets, comm.size());
  const ingest::BucketPlan plan =
      ingest::plan_buckets(pre_offsets, owners[comm.rank()], o.memory_rows);
  if (comm.is_root())
    spdlog::info("ingest: {} rows, {} households, {} products; {} bucket(s) on rank 0",
                 records, household_ids.size(), product_ids.size(), plan.buckets());

  // Pass 2: route to owners.
  ingest::RouteInput route{parsed_spill, household_ids, product_ids, owners, first_line,
                           std::clamp<std::int64_t>(o.memory_rows / 4, 1024, 1 << 20)};
  const bool fits_in_memory = pre_offsets[plan.mine.end] - pre_offsets[plan.mine.begin] <= o.memory_rows;
  ingest::BucketStore buckets(plan, spill_dir, fits_in_memory);
  ingest::route_to_buckets(route, plan, buckets, comm, records);

  // Pass 3: sort and de-duplicate.
  Progress sort_progress("ingest/sort", 0, "buckets", comm.is_root());
  ingest::SortResult sorted = ingest::sort_buckets(plan, buckets, o.max_rejects);
  sort_progress.finish(plan.buckets());
  const auto duplicate_lines = comm.allreduce<std::int64_t>(sorted.duplicate_lines, ReduceOp::sum);
  rejects_text += ingest::format_duplicates(
      comm.gatherv_to_root<ingest::DuplicateLine>(sorted.duplicates), o.transactions);
  const auto final_rows = comm.allgatherv<std::int64_t>(sorted.rows);
  const auto baskets = comm.allgatherv<std::int32_t>(sorted.baskets);
  const std::int32_t min_day = comm.allreduce(sorted.min_day, ReduceOp::min);
  const std::int32_t max_day = comm.allreduce(sorted.max_day, ReduceOp::max);
  std::vector<std::int64_t> offsets = to_offsets(final_rows);
  const std::int64_t rows = offsets.back();
  std::int64_t basket_total = 0;
  for (auto b : baskets) basket_total += b;

  // Side tables (every rank builds them: the HDF5 metadata calls must agree).
  ingest::JoinStats product_join, household_join;
  const io::ProductTable products = ingest::build_product_table(product_ids, o.products, product_join);
  const io::HouseholdTable households = ingest::build_household_table(
      household_ids, offsets, baskets, o.households, household_join);
  if (comm.is_root() && !o.products.empty())
    spdlog::info("ingest: products file describes {} of {} products ({} unknown; {} listed products never bought)",
                 product_join.matched, product_ids.size(), product_join.unmatched, product_join.unused);
  if (comm.is_root() && !o.households.empty())
    spdlog::info("ingest: households file describes {} of {} households ({} unknown; {} listed without purchases)",
                 household_join.matched, household_ids.size(), household_join.unmatched, household_join.unused);

  // Pass 4: write the store collectively, one bucket per round.
  throw_if_stop_requested("ingest/write");
  io::StoreWriter writer(tmp_store, comm.raw(), rows);
  Progress write_progress("ingest/write", rows, "rows", comm.is_root());
  const auto rounds = comm.allreduce<std::uint64_t>(plan.buckets(), ReduceOp::max);
  std::int64_t written = 0;
  for (std::uint64_t round = 0; round < rounds; ++round) {
    io::TransactionColumns columns;
    std::int64_t offset = 0;
    if (round < plan.buckets()) {
      const std::vector<ingest::SortedRecord> bucket = buckets.take_sorted(round);
      offset = offsets[plan.first[round]];
      columns.reserve(bucket.size());
      for (std::int64_t h = plan.first[round]; h < plan.first[round + 1]; ++h)
        columns.household.insert(columns.household.end(), sorted.rows[h - plan.mine.begin],
                                 static_cast<std::int32_t>(h));
      for (const auto& r : bucket) {
        columns.day.push_back(r.day);
        columns.basket.push_back(r.basket);
        columns.product.push_back(r.product);
        columns.quantity.push_back(r.quantity);
        columns.spend.push_back(r.spend);
      }
    }
    writer.write_transactions(offset, columns);
    written += comm.allreduce<std::int64_t>(columns.size(), ReduceOp::sum);
    write_progress.update(written);
  }
  writer.write_households(households, comm.is_root());
  writer.write_products(products, comm.is_root());

  const std::string tx_checksum = hex(io::combine_block_hashes(hashes));
  const std::string products_checksum = side_file_checksum(o.products);
  const std::string households_checksum = side_file_checksum(o.households);
  const std::string mapping = mapping_text(config.columns);
  const std::string fingerprint_source =
      fmt::format("v{}|{}|{}|{}|{}", io::store::kStoreSchemaVersion, tx_checksum, products_checksum,
                  households_checksum, mapping);
  const std::string fingerprint = hex(XXH3_64bits(fingerprint_source.data(), fingerprint_source.size()));
  io::Attributes attributes{
      {"format", std::string(io::store::kFormatName)},
      {"schema_version", io::store::kStoreSchemaVersion},
      {"engine_version", std::string(BASKETGAP_VERSION)},
      {"rows", rows},
      {"households", static_cast<std::int64_t>(household_ids.size())},
      {"products", static_cast<std::int64_t>(product_ids.size())},
      {"baskets", basket_total},
      {"min_day", static_cast<std::int64_t>(min_day)},
      {"max_day", static_cast<std::int64_t>(max_day)},
      {"input_data_lines", data_lines},
      {"rejected_lines", budgeted},
      {"return_lines", return_lines},
      {"duplicate_lines", duplicate_lines},
      {"blank_lines", blank_lines},
      {"source_transactions", fs::path(o.transactions).filename().string()},
      {"source_transactions_bytes", static_cast<std::int64_t>(input_bytes)},
      {"source_transactions_xxh3", tx_checksum},
      {"source_products", o.products.empty() ? std::string() : fs::path(o.products).filename().string()},
      {"source_products_xxh3", products_checksum},
      {"source_households", o.households.empty() ? std::string() : fs::path(o.households).filename().string()},
      {"source_households_xxh3", households_checksum},
      {"column_mapping", mapping},
      {"fingerprint", fingerprint},
  };
  writer.write_attributes(attributes);
  writer.close();
  write_progress.finish(written);
  remove_spill();

  store_file.publish(comm);
  if (comm.is_root()) {
    rejects_file.write_text(ingest::kRejectsHeader + rejects_text);
    rejects_file.publish_here();
    spdlog::info("ingest: wrote {}: {} rows, {} households, {} products, {} baskets, days {}-{}; "
                 "{} rejected, {} returns, {} duplicates dropped (see {}); {:.1f} s",
                 o.out, rows, household_ids.size(), product_ids.size(), basket_total, min_day,
                 max_day, budgeted, return_lines, duplicate_lines, rejects_path,
                 total.elapsed_seconds());
  }
  comm.barrier();
  return exit_ok;
}

}  // namespace basketgap
