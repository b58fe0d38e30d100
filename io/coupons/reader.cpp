#include "io/coupons/reader.hpp"

#include "io/coupons/schema.hpp"
#include "io/errors.hpp"
#include "io/hdf5/h5.hpp"

namespace basketgap::io {
namespace {

using namespace coupons;

h5::File open_coupons(const std::string& path) {
  h5::File file = h5::File::open_read(path);
  if (!h5::has_attribute(file, attribute::kFormat) ||
      h5::get_string_attribute(file, attribute::kFormat) != kFormatName)
    throw Error(exit_data, path + ": not a basketgap coupons file (attribute '" + attribute::kFormat + "')");
  const auto version = h5::get_int_attribute(file, attribute::kSchemaVersion);
  if (version != kSchemaVersion)
    throw Error(exit_data, path + ": coupons schema version " + std::to_string(version) +
                               ", this basketgap reads version " + std::to_string(kSchemaVersion));
  return file;
}

// An optional root attribute: "" / 0 when absent.
std::string text(const h5::File& file, const char* name) {
  return h5::has_attribute(file, name) ? h5::get_string_attribute(file, name) : std::string();
}
std::int64_t integer(const h5::File& file, const char* name) {
  return h5::has_attribute(file, name) ? h5::get_int_attribute(file, name) : 0;
}

CouponsAttributes read_attributes(const h5::File& file) {
  namespace a = attribute;
  CouponsAttributes out;
  out.as_of_day = h5::get_int_attribute(file, a::kAsOfDay);
  out.run_id = text(file, a::kRunId);
  out.config = text(file, a::kConfig);
  out.campaign = text(file, a::kCampaign);
  out.campaign_salt = text(file, a::kCampaignSalt);
  out.segments = text(file, a::kSegments);
  out.mailing_month = integer(file, a::kMailingMonth);
  out.store_fingerprint = text(file, a::kStoreFingerprint);
  out.ranks = integer(file, a::kRanks);
  if (h5::has_attribute(file, a::kControlShare))
    out.control_share = h5::get_double_attribute(file, a::kControlShare);
  return out;
}

// Campaign datasets are absent from files scored before they existed: say so.
void require(const h5::File& file, const char* name, const char* why) {
  if (!h5::exists(file, name)) throw Error(exit_data, file.path() + ": no " + name + " (" + why + ")");
}

// Rows [first, first + count) of a campaign column that must have one value per row of the file.
std::vector<std::int8_t> campaign_column(const h5::File& file, const char* name, std::size_t rows,
                                         std::size_t first, std::size_t count) {
  require(file, name, "a coupons file from before campaigns? score it again");
  const h5::Dataset column = h5::Dataset::open(file, name);
  if (column.size() != rows)
    throw Error(exit_data, file.path() + ": " + name + " has " + std::to_string(column.size()) + " rows, " +
                               kHouseholdId + " has " + std::to_string(rows));
  return column.read_rows<std::int8_t>(first, count);
}
std::vector<std::int8_t> campaign_column(const h5::File& file, const char* name, std::size_t rows) {
  return campaign_column(file, name, rows, 0, rows);
}

// Rows [first, first + count) of a [households, k] dataset of a file of `households` rows.
template <typename T>
std::vector<T> slot_rows(const h5::File& file, const char* name, std::size_t households, int k,
                         std::size_t first, std::size_t count) {
  const h5::Dataset d = h5::Dataset::open(file, name);
  const std::vector<hsize_t> dims = d.dims();
  if (dims.size() != 2 || dims[0] != households || dims[1] != static_cast<hsize_t>(k))
    throw Error(exit_data, file.path() + ": /coupons datasets do not have the shape [households, k]");
  return d.read_rows<T>(first, count);
}

}  // namespace

CouponsFile read_coupons(const std::string& path) {
  return read_coupons(path, 0, count_coupon_households(path));
}

std::size_t count_coupon_households(const std::string& path) {
  return h5::Dataset::open(open_coupons(path), kHouseholdId).size();
}

CouponsFile read_coupons(const std::string& path, std::size_t first, std::size_t count) {
  const h5::File file = open_coupons(path);
  CouponsFile out;
  out.attributes = read_attributes(file);
  auto& r = out.rows;
  r.k = static_cast<int>(h5::get_int_attribute(file, attribute::kK));
  const h5::Dataset ids = h5::Dataset::open(file, kHouseholdId);
  const std::size_t households = ids.size();
  if (first + count > households)
    throw Error(exit_data, path + ": rows " + std::to_string(first) + "+" + std::to_string(count) +
                               " asked of a file of " + std::to_string(households));
  r.household_id = ids.read_rows<std::int64_t>(first, count);
  r.product_id = slot_rows<std::int64_t>(file, kProductId, households, r.k, first, count);
  r.score = slot_rows<float>(file, kScore, households, r.k, first, count);
  r.reason = slot_rows<std::uint8_t>(file, kReason, households, r.k, first, count);
  r.source_product_id = slot_rows<std::int64_t>(file, kSourceProductId, households, r.k, first, count);
  out.reason_names = h5::Dataset::open(file, kReasonNames).read_strings();
  return out;
}

CouponHouseholds read_coupon_households(const std::string& path, std::size_t households) {
  return read_coupon_households(path, households, 0, households);
}

CouponHouseholds read_coupon_households(const std::string& path, std::size_t households, std::size_t first,
                                        std::size_t count) {
  const h5::File file = open_coupons(path);
  CouponHouseholds out;
  out.consent = campaign_column(file, kConsent, households, first, count);
  out.control = campaign_column(file, kControl, households, first, count);
  out.tier = campaign_column(file, kTier, households, first, count);
  out.cohort = campaign_column(file, kCohort, households, first, count);
  out.tier_names = h5::Dataset::open(file, kTierNames).read_strings();
  out.cohort_names = h5::Dataset::open(file, kCohortNames).read_strings();
  return out;
}

ControlLists read_control_lists(const std::string& path, std::size_t households, int k) {
  const h5::File file = open_coupons(path);
  for (const char* name : {kControl, kControlProductId})
    require(file, name, "scored before the lift view existed? score it again");
  ControlLists out;
  out.control = h5::Dataset::open(file, kControl).read_all<std::int8_t>();
  out.product_id = h5::Dataset::open(file, kControlProductId).read_all<std::int64_t>();
  if (out.control.size() != households || out.product_id.size() != households * static_cast<std::size_t>(k))
    throw Error(exit_data, path + ": " + kControl + " or control_product_id does not match " + kHouseholdId);
  return out;
}

std::vector<std::int8_t> read_control_flags(const std::string& path, std::size_t households) {
  const h5::File file = open_coupons(path);
  if (!h5::exists(file, kControl)) return {};
  return campaign_column(file, kControl, households);
}

}  // namespace basketgap::io
