// Reads a coupons file written by `score`, by this process alone. Each function opens the file,
// checks its format and schema version, and reads what one consumer needs. Errors name the
// file and the dataset or attribute (Error, exit_data; a missing file exit_no_input).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "io/coupons/tables.hpp"

namespace basketgap::io {

struct CouponsFile {
  CouponRows rows;
  std::vector<std::string> reason_names;
  CouponsAttributes attributes;
};

// The whole /coupons table (shapes checked) and the root attributes.
CouponsFile read_coupons(const std::string& path);

// Rows of the file (households), e.g. to split it between ranks.
std::size_t count_coupon_households(const std::string& path);

// Rows [first, first + count) of the /coupons table (shapes checked against the whole file),
// the reason names and the root attributes: a rank's share without reading the rest.
CouponsFile read_coupons(const std::string& path, std::size_t first, std::size_t count);

// What an export needs of the campaign columns, aligned with the file's rows.
struct CouponHouseholds {
  std::vector<std::int8_t> consent;  // -1 unknown, 0 no, 1 yes
  std::vector<std::int8_t> control;  // 1 = held out
  std::vector<std::int8_t> tier, cohort;
  std::vector<std::string> tier_names, cohort_names;
};

// `households`: the file's rows. A missing column means a file from before the campaign
// columns existed; the error says so.
CouponHouseholds read_coupon_households(const std::string& path, std::size_t households);
// The same for rows [first, first + count) of a file of `households` rows.
CouponHouseholds read_coupon_households(const std::string& path, std::size_t households, std::size_t first,
                                        std::size_t count);

// The lift view's lists: which rows are control, and the would-be coupons of each.
struct ControlLists {
  std::vector<std::int8_t> control;      // [H], 1 = held out
  std::vector<std::int64_t> product_id;  // [H*K], external ids, -1 empty
};

// `households` and `k`: the file's rows and slots. A missing dataset means a file from before
// the lift view existed; the error says so.
ControlLists read_control_lists(const std::string& path, std::size_t households, int k);

// /households/control aligned with the file's rows (1 = held out), or empty for a file scored
// before campaigns (nobody held out).
std::vector<std::int8_t> read_control_flags(const std::string& path, std::size_t households);

}  // namespace basketgap::io
