#include "jobs/append/next_head.hpp"

#include <algorithm>

#include "io/store/reader.hpp"
#include "io/store/schema.hpp"
#include "io/store/segments.hpp"
#include "jobs/append/append_provenance.hpp"
#include "jobs/ingest/catalog.hpp"
#include "jobs/ingest/ingest_passes.hpp"
#include "jobs/ingest/provenance.hpp"
#include "jobs/ingest/tables.hpp"

namespace basketgap::append {

namespace {
struct MergedHouseholds {
  std::vector<std::int64_t> id, offset{0};
  std::vector<std::int32_t> baskets;
};

// Both tables ascending by id; rows and baskets add up where an id is in both.
MergedHouseholds merge_households(const io::HouseholdTable& stored, const ingest::Dictionaries& night_ids,
                                  const ingest::SortPass& night) {
  MergedHouseholds out;
  const std::vector<std::int64_t>& ids = night_ids.household_ids;
  std::size_t s = 0, n = 0;
  const auto rows_of = [](const std::vector<std::int64_t>& offsets, std::size_t i) {
    return offsets[i + 1] - offsets[i];
  };
  while (s < stored.id.size() || n < ids.size()) {
    const bool take_stored = n == ids.size() || (s < stored.id.size() && stored.id[s] <= ids[n]);
    const bool take_night = s == stored.id.size() || (n < ids.size() && ids[n] <= stored.id[s]);
    std::int64_t rows = 0;
    std::int32_t baskets = 0;
    out.id.push_back(take_stored ? stored.id[s] : ids[n]);
    if (take_stored) rows += rows_of(stored.offset, s), baskets += stored.baskets[s], ++s;
    if (take_night) rows += rows_of(night.offsets, n), baskets += night.baskets[n], ++n;
    out.offset.push_back(out.offset.back() + rows);
    out.baskets.push_back(baskets);
  }
  return out;
}
}  // namespace

std::vector<io::BatchRecord> segmented_batches(const io::StoreReader& stored,
                                               const std::string& base_segment) {
  std::vector<io::BatchRecord> batches = stored.summary().batches;
  if (stored.segmented()) return batches;
  for (io::BatchRecord& b : batches) {
    if (b.rows == 0) {  // a night without sales or a retraction: no rows, no file
      b.segment = std::string(io::kNoSegment), b.segment_fingerprint.clear();
      continue;
    }
    b.segment = base_segment;
    b.segment_fingerprint = stored.summary().fingerprint;
  }
  return batches;
}

StoreHead next_head(const io::StoreReader& stored, const ingest::ReferenceFiles& references,
                    const ingest::IngestedRows& night, const io::StoreProvenance& night_provenance,
                    std::int64_t version, const std::string& segment, const std::string& base_segment) {
  StoreHead head;
  const io::StoreSummary& summary = stored.summary();
  MergedHouseholds households = merge_households(stored.households(), night.dictionaries, night.sorted);
  std::vector<std::int64_t> products = stored.products().id;
  const std::vector<std::int64_t>& night_products = night.dictionaries.product_ids;
  std::vector<std::int64_t> merged_products;
  std::set_union(products.begin(), products.end(), night_products.begin(), night_products.end(),
                 std::back_inserter(merged_products));
  ingest::JoinStats household_stats, product_stats;
  head.products = ingest::build_product_table(merged_products, references.products, product_stats);
  head.households =
      ingest::build_household_table(households.id, std::move(households.offset),
                                    std::move(households.baskets), references.households, household_stats);
  head.catalog = ingest::build_catalog(head.products.id, head.households.id, references);

  // Totals over every batch; the night's own line counts and sources.
  io::StoreProvenance totals = night_provenance;
  io::StoreCounts& c = totals.counts;
  c.rows = summary.rows + night.sorted.rows;
  c.households = static_cast<std::int64_t>(head.households.id.size());
  c.products = static_cast<std::int64_t>(head.products.id.size());
  c.baskets = summary.baskets + night.sorted.basket_total;
  c.min_day = static_cast<std::int32_t>(std::min<std::int64_t>(summary.min_day, night.sorted.min_day));
  c.max_day = static_cast<std::int32_t>(std::max<std::int64_t>(summary.max_day, night.sorted.max_day));
  io::BatchRecord batch =
      ingest::new_batch(version, night_provenance.sources, night.parsed, night.sorted, "");
  batch.segment = segment;
  batch.segment_fingerprint = io::store_fingerprint(night_provenance.sources);
  add_batch(head, stored, totals, std::move(batch), base_segment);
  return head;
}

void add_batch(StoreHead& head, const io::StoreReader& stored, const io::StoreProvenance& totals,
               io::BatchRecord batch, const std::string& base_segment) {
  io::StoreSummary as_segmented = stored.summary();
  as_segmented.batches = segmented_batches(stored, base_segment);
  AppendedProvenance next = appended_provenance(as_segmented, totals, std::move(batch));
  io::set_attribute(next.attributes, "schema_version", io::store::kSegmentedSchemaVersion);
  head.attributes = std::move(next.attributes);
  head.batches = std::move(next.batches);
}

}  // namespace basketgap::append
