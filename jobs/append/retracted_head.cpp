#include "jobs/append/retracted_head.hpp"

#include <algorithm>
#include <climits>

#include "io/errors.hpp"
#include "io/store/provenance.hpp"
#include "io/store/reader.hpp"
#include "io/store/schema.hpp"
#include "io/store/segments.hpp"

namespace basketgap::append {

const io::BatchRecord& retractable(const io::StoreReader& stored, std::int64_t version) {
  const io::StoreSummary& s = stored.summary();
  const auto fail = [&](const std::string& why) {
    throw UsageError(stored.path() + ": cannot retract version " + std::to_string(version) + ": " + why)
        .raised_on_all_ranks();
  };
  if (version > s.store_version) fail("the store has versions 1-" + std::to_string(s.store_version));
  const io::BatchRecord& b = s.batches[static_cast<std::size_t>(version - 1)];
  if (b.retracted_in != 0) fail("already retracted in version " + std::to_string(b.retracted_in));
  if (b.no_sales_night()) return b;  // a wrong --no-sales-day: no rows to take back
  if (b.segment == io::kNoSegment) fail("it is a retraction, not a batch of rows");
  if (version == 1) fail("it is the store's first ingest (ingest the right file into a new store instead)");
  if (!stored.segmented() || b.segment != io::segment_name(version, version))
    fail(
        "its rows are part of the store's base file (ingested or compacted); only a batch appended since "
        "the last compact can be retracted");
  return b;
}

namespace {
// Takes `withdrawn`'s rows out of `households` (offsets and baskets); returns its baskets.
std::int64_t subtract_rows(const io::StoreReader& stored, const io::BatchRecord& withdrawn,
                           io::HouseholdTable& households) {
  std::vector<io::Segment> segments = io::open_segments(stored);
  const auto segment = std::find_if(segments.begin(), segments.end(),
                                    [&](const io::Segment& g) { return g.name == withdrawn.segment; });
  const io::HouseholdTable local = segment->file.households();
  std::vector<std::int64_t> rows(households.id.size());
  for (std::size_t h = 0; h < rows.size(); ++h) rows[h] = households.offset[h + 1] - households.offset[h];
  const std::vector<std::int64_t> index = io::head_indices(local.id, households.id, *segment, "household");
  std::int64_t baskets = 0;
  for (std::size_t l = 0; l < local.id.size(); ++l) {
    const auto g = static_cast<std::size_t>(index[l]);
    rows[g] -= local.offset[l + 1] - local.offset[l];
    households.baskets[g] -= local.baskets[l];
    baskets += local.baskets[l];
  }
  for (std::size_t h = 0; h < rows.size(); ++h) households.offset[h + 1] = households.offset[h] + rows[h];
  return baskets;
}
}  // namespace

StoreHead retracted_head(const io::StoreReader& stored, const io::BatchRecord& withdrawn,
                         const std::string& base_segment) {
  const io::StoreSummary& s = stored.summary();
  StoreHead head;
  head.households = stored.households();
  head.products = stored.products();
  head.catalog = stored.catalog();
  const std::int64_t baskets =
      withdrawn.no_sales_night() ? 0 : subtract_rows(stored, withdrawn, head.households);

  const std::int64_t version = s.store_version + 1;
  head.batches = segmented_batches(stored, base_segment);
  head.batches[static_cast<std::size_t>(withdrawn.version - 1)].retracted_in = version;
  io::BatchRecord r;
  r.version = version;
  r.source = "retract of version " + std::to_string(withdrawn.version) + " (" + withdrawn.source + ")";
  r.utc_time = io::utc_now();
  r.fingerprint = io::retracted_fingerprint(s.fingerprint, withdrawn.version);
  r.segment = io::kNoSegment;
  head.batches.push_back(r);
  // Day range of the batches still visible (a night without sales counts for the last day).
  std::int64_t min_day = INT64_MAX;
  for (const io::BatchRecord& b : head.batches)
    if (b.rows > 0 && b.visible_at(version)) min_day = std::min(min_day, b.first_day);
  const std::int64_t max_day = io::last_covered_day(head.batches, version, min_day);
  head.attributes = s.attributes;
  io::set_attribute(head.attributes, "rows", head.households.offset.back());
  io::set_attribute(head.attributes, "baskets", s.baskets - baskets);
  io::set_attribute(head.attributes, "min_day", min_day);
  io::set_attribute(head.attributes, "max_day", max_day);
  io::set_attribute(head.attributes, "store_version", version);
  io::set_attribute(head.attributes, "schema_version", io::store::kSegmentedSchemaVersion);
  io::set_attribute(head.attributes, "fingerprint", r.fingerprint);
  return head;
}

}  // namespace basketgap::append
