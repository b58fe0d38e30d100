#include "io/coupons/households.hpp"

#include "io/errors.hpp"
#include "io/hdf5/h5.hpp"

namespace basketgap::io {
namespace {

std::vector<std::int8_t> column(const h5::File& file, const std::string& name, std::size_t households) {
  if (!h5::exists(file, name))
    throw Error(exit_data, file.path() + ": no " + name + " (a coupons file from before campaigns? score it again)");
  std::vector<std::int8_t> values = h5::Dataset::open(file, name).read_all<std::int8_t>();
  if (values.size() != households)
    throw Error(exit_data, file.path() + ": " + name + " has " + std::to_string(values.size()) +
                               " rows, /coupons/household_id has " + std::to_string(households));
  return values;
}

std::string text(const h5::File& file, const std::string& name) {
  return h5::has_attribute(file, name) ? h5::get_string_attribute(file, name) : std::string();
}

}  // namespace

CouponHouseholds read_coupon_households(const std::string& path, std::size_t households) {
  h5::File file = h5::File::open_read(path);
  CouponHouseholds out;
  out.consent = column(file, "/households/consent", households);
  out.control = column(file, "/households/control", households);
  out.tier = column(file, "/households/tier", households);
  out.cohort = column(file, "/households/cohort", households);
  out.tier_names = h5::Dataset::open(file, "/households/tier_names").read_strings();
  out.cohort_names = h5::Dataset::open(file, "/households/cohort_names").read_strings();
  out.run_id = text(file, "run_id");
  out.config = text(file, "config");
  out.campaign = text(file, "campaign");
  out.campaign_salt = text(file, "campaign_salt");
  if (h5::has_attribute(file, "control_share")) out.control_share = h5::get_double_attribute(file, "control_share");
  return out;
}

}  // namespace basketgap::io
