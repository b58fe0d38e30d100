// A coupons file holds product ids of the store it was scored from: read against another
// store, its products get the wrong names and its truth the wrong rows. The coupons file
// records that store's fingerprint (root attribute store_fingerprint); this is the one check.
#pragma once

#include <string>

namespace basketgap::io {

// Throws InputError (exit_data) naming both files and both fingerprints when the coupons file
// `coupons_path` (store fingerprint `coupons_store_fingerprint`) was scored from a store other
// than `store_path` (fingerprint `store_fingerprint`). A coupons file without the attribute
// (empty) cannot be checked and passes.
void check_scored_from(const std::string& coupons_path, const std::string& coupons_store_fingerprint,
                       const std::string& store_path, const std::string& store_fingerprint);

}  // namespace basketgap::io
