#include "io/coupons/writer.hpp"

#include "io/coupons/schema.hpp"
#include "io/hdf5/h5.hpp"
#include "io/hdf5/tables.hpp"

namespace basketgap::io {
namespace {

template <typename T>
void write_column(const h5::File& file, const char* name, std::vector<hsize_t> dims, std::int64_t first,
                  const std::vector<T>& values) {
  h5::Dataset::create<T>(file, name, std::move(dims)).template write_rows<T>(first, values);
}

// The /coupons datasets are all created before any is written (their place in the file).
void write_rows(const h5::File& file, std::int64_t first, hsize_t h, const CouponRows& r,
                const std::function<void()>& written) {
  using namespace coupons;
  const auto k = static_cast<hsize_t>(r.k);
  auto household_id = h5::Dataset::create<std::int64_t>(file, kHouseholdId, {h});
  auto product_id = h5::Dataset::create<std::int64_t>(file, kProductId, {h, k});
  auto score = h5::Dataset::create<float>(file, kScore, {h, k});
  auto reason = h5::Dataset::create<std::uint8_t>(file, kReason, {h, k});
  auto source = h5::Dataset::create<std::int64_t>(file, kSourceProductId, {h, k});
  household_id.write_rows<std::int64_t>(first, r.household_id);
  written();
  product_id.write_rows<std::int64_t>(first, r.product_id);
  written();
  score.write_rows<float>(first, r.score);
  written();
  reason.write_rows<std::uint8_t>(first, r.reason);
  written();
  source.write_rows<std::int64_t>(first, r.source_product_id);
  written();
}

Attributes root_attributes(const CouponsPart& part) {
  namespace a = coupons::attribute;
  const CouponsAttributes& at = part.attributes;
  return {
      {a::kFormat, std::string(coupons::kFormatName)},
      {a::kSchemaVersion, coupons::kSchemaVersion},
      {a::kAsOfDay, at.as_of_day},
      {a::kK, static_cast<std::int64_t>(part.rows.k)},
      {a::kRunId, at.run_id},
      {a::kEngineVersion, std::string(BASKETGAP_VERSION)},
      {a::kConfig, at.config},
      {a::kCampaign, at.campaign},
      {a::kCampaignSalt, at.campaign_salt},
      {a::kSegments, at.segments},
      {a::kMailingMonth, at.mailing_month},
      {a::kStoreFingerprint, at.store_fingerprint},
      {a::kStoreVersion, at.store_version},
      {a::kRanks, at.ranks},
      {a::kHouseholds, part.file_rows},
  };
}

}  // namespace

void write_coupons(const std::string& path, MPI_Comm comm, const CouponsPart& part, bool is_writer,
                   const std::function<void()>& before_close, const std::function<void(int)>& after_dataset) {
  using namespace coupons;
  int datasets = 0;
  const auto written = [&] {
    if (after_dataset) after_dataset(++datasets);
  };
  h5::File file = h5::File::create_parallel(path, comm);
  const auto first = part.first_row;
  const auto h = static_cast<hsize_t>(part.file_rows);
  const auto k = static_cast<hsize_t>(part.rows.k);
  write_rows(file, first, h, part.rows, written);
  write_string_table(file, kReasonNames, part.names.reason, is_writer);
  const CouponHouseholdColumns& c = part.households;
  write_column(file, kConsent, {h}, first, c.consent);
  written();
  write_column(file, kControl, {h}, first, c.control);
  written();
  write_column(file, kControlProductId, {h, k}, first, c.control_product_id);
  written();
  write_column(file, kTier, {h}, first, c.tier);
  write_string_table(file, kTierNames, part.names.tier, is_writer);
  write_column(file, kCohort, {h}, first, c.cohort);
  write_string_table(file, kCohortNames, part.names.cohort, is_writer);
  written();
  write_column(file, kRfmRecency, {h}, first, c.rfm_recency);
  write_column(file, kRfmFrequency, {h}, first, c.rfm_frequency);
  write_column(file, kRfmMonetary, {h}, first, c.rfm_monetary);
  written();
  write_attributes(file, root_attributes(part));
  h5::set_attribute(file, attribute::kControlShare, part.attributes.control_share);
  if (before_close) before_close();
  file.close();
}

}  // namespace basketgap::io
