#include "jobs/append/no_sales_night.hpp"

#include <filesystem>

#include "io/store/reader.hpp"
#include "io/store/segments.hpp"
#include "jobs/ingest/catalog.hpp"
#include "jobs/ingest/tables.hpp"

namespace basketgap::append {

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

}  // namespace basketgap::append
