// Consent as the store given to `export --store` says it now. The coupons file holds consent
// as it was when the night was scored; an opt-out appended since must still keep the household
// out of the mailing, and a consent granted since must not add one the night did not consider:
// a household is mailed only when both say yes (docs/CAMPAIGN.md, "Consent at export").
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace basketgap::exporting {

// The store's consent (-1 unknown, 0 no, 1 yes) of each of `household_ids`, in their order; -1
// for a household the store does not have. Empty when `store_path` is "" (no --store: the
// coupons' snapshot alone decides).
std::vector<std::int8_t> latest_consent(const std::string& store_path,
                                        std::span<const std::int64_t> household_ids);

// Consented when the night was scored but not in the store now (`latest` empty: never).
inline bool consent_withdrawn(std::int8_t scored, std::span<const std::int8_t> latest, std::size_t h) {
  return scored == 1 && !latest.empty() && latest[h] != 1;
}

}  // namespace basketgap::exporting
