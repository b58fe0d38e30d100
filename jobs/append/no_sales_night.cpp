#include "jobs/append/no_sales_night.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>

#include "io/errors.hpp"
#include "io/store/reader.hpp"
#include "io/store/segments.hpp"
#include "jobs/append/merged_references.hpp"
#include "jobs/append/next_head.hpp"
#include "jobs/append/segment_files.hpp"
#include "jobs/append/side_file_checks.hpp"
#include "jobs/cluster/collective_errors.hpp"
#include "jobs/cluster/comm.hpp"
#include "jobs/day_span.hpp"
#include "jobs/ingest/catalog.hpp"
#include "jobs/ingest/tables.hpp"
#include "jobs/ingest/transactions_input.hpp"

namespace basketgap::append {

namespace {
// The head of version `version` after the night without sales of `day` (`night`: its sources;
// `references` = merged_references of the stored tables and its side files). A one-file
// store's rows become segment `base_segment`.
StoreHead no_sales_head(const io::StoreReader& stored, const ingest::ReferenceFiles& references,
                        const io::StoreSources& night, std::int64_t version, std::int64_t day,
                        const std::string& base_segment) {
  const io::StoreSummary& summary = stored.summary();
  StoreHead head;
  ingest::JoinStats household_stats, product_stats;
  head.products = ingest::build_product_table(stored.products().id, references.products, product_stats);
  head.households =
      ingest::build_household_table(stored.households().id, stored.households().offset,
                                    stored.households().baskets, references.households, household_stats);
  head.catalog = ingest::build_catalog(head.products.id, head.households.id, references);

  // The store's totals stay; the night adds a covered day and its files' names.
  io::StoreProvenance totals;
  totals.sources = night;
  io::StoreCounts& c = totals.counts;
  c.rows = summary.rows;
  c.households = static_cast<std::int64_t>(head.households.id.size());
  c.products = static_cast<std::int64_t>(head.products.id.size());
  c.baskets = summary.baskets;
  c.min_day = static_cast<std::int32_t>(summary.min_day);
  c.max_day = static_cast<std::int32_t>(std::max<std::int64_t>(summary.max_day, day));
  io::BatchRecord batch;
  batch.version = version;
  batch.source = std::filesystem::path(night.transactions).filename().string();
  batch.source_xxh3 = night.transactions_xxh3;
  batch.first_day = batch.last_day = day;
  batch.utc_time = io::utc_now();
  batch.segment = std::string(io::kNoSegment);  // (GCC 12 -Wrestrict misfires on `= const char*`)
  add_batch(head, stored, totals, std::move(batch), base_segment);
  return head;
}
}  // namespace

void record_no_sales_night(const AppendOptions& o, io::StoreReader& stored, std::int64_t day,
                           const io::StoreSources& night, const Comm& comm) {
  const io::StoreSummary& summary = stored.summary();
  // A night without sales is the day after the store's last: a later day would cover the days
  // between (never arrived) and make a score of it look current; an earlier one is covered.
  if (day <= summary.max_day)
    throw UsageError(fmt::format("--no-sales-day {}: {} already covers that day (days {}); a night without "
                                 "sales is the day after the store's last",
                                 day, o.store, day_span(summary.min_day, summary.max_day)))
        .raised_on_all_ranks();
  if (day > summary.max_day + 1)
    throw InputError(fmt::format("--no-sales-day {}: {} from {} (its last day is {}): append "
                                 "their nights first (a day the shop sold nothing with --no-sales-day)",
                                 day, missing_days(summary.max_day + 1, day - 1), o.store, summary.max_day))
        .raised_on_all_ranks();
  const std::int64_t version = summary.store_version + 1;
  const ingest::ReferenceFiles night_files = ingest::read_reference_files(
      o.products, o.households, ingest::read_ingest_config(o.config).ignore_household_columns, comm, false);
  if (night_files.households)
    refuse_households_file_applying_nothing(o.households, night_files.household_columns);
  const ingest::ReferenceFiles references = merged_references(stored, night_files);
  const ingest::ReferenceFiles before = merged_references(stored, {});
  refuse_foreign_side_files(o, night_files, before, ingest::StoreTables{});
  if (night_files.households && comm.is_root())
    log_households_file(o.households, night_files.households->size(), *before.households,
                        *references.households, o.store);
  const std::string base_segment = io::segment_name(1, version - 1);
  const SegmentsFolder segments(o.store, comm);  // a one-file store's rows are linked there
  const StoreHead head = on_all_ranks(
      comm, o.store, [&] { return no_sales_head(stored, references, night, version, day, base_segment); });
  publish_head(o.store, stored, base_segment, head, comm);
  if (comm.is_root())
    spdlog::info(
        "append: {} is now version {}: no sales on day {} ({} has a header alone); the store covers "
        "days {}",
        o.store, version, day, o.transactions,
        day_span(summary.min_day, std::max<std::int64_t>(summary.max_day, day)));
  comm.barrier();
}

}  // namespace basketgap::append
