// A products file appended after scoring can move a couponed product into a department the
// campaign excludes (a product reclassified as TOBACCO). Export reads the store's products now
// (its text columns) and checks them against the exclusions the coupons were scored under (the
// coupons file's `campaign`): a coupon that would now be excluded is refused (65) — the night is
// scored again — never mailed.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "io/export/rows.hpp"

namespace basketgap::exporting {

// The exclusions of a coupons file's `campaign` attribute (the TOML text score wrote).
struct Exclusions {
  std::vector<std::string> departments, commodities;  // compared ignoring case and blanks, as score does
  std::vector<std::int64_t> products;
  bool empty() const { return departments.empty() && commodities.empty() && products.empty(); }
};
// Error(exit_data) naming `coupons_path` when the text is not the TOML score writes.
Exclusions exclusions_of_campaign(const std::string& campaign_toml, const std::string& coupons_path);

// Throws InputError (65) naming how many of `product_ids` (this rank's coupons; -1 empty slots)
// the store's texts now put in an excluded department or commodity (or that are excluded by id),
// with a few of them.
void refuse_coupons_now_excluded(const Exclusions& exclusions, const std::vector<std::int64_t>& product_ids,
                                 const std::unordered_map<std::int64_t, io::ProductText>& texts,
                                 const std::string& coupons_path, const std::string& store_path);

}  // namespace basketgap::exporting
