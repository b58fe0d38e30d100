// A coupons file (written by `score`) as the backtest sees it: this rank's households, store
// dense indices, K slots each. A household absent from the file gets an empty list (Listing::none).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "engine/history.hpp"
#include "engine/partition.hpp"

namespace basketgap::evaluate {

// Whether the file gives a household a list, and why not: a coupons file is judged on the
// households it gives a list only (docs/EVALUATE.md, "Same households").
enum class Listing : std::int8_t { listed, control, none };

struct LoadedCoupons {
  engine::CouponTable table;            // this rank's households, [range.size() x k]
  std::vector<Listing> listing;         // this rank's households
  std::string run_id;                   // the file's run_id attribute ("" when absent)
  std::int64_t file_households = 0;     // rows in the file
  std::int64_t unknown_households = 0;  // rows whose household is not in the store
  std::int64_t unknown_products = 0;    // coupons of this rank's rows (every slot) not in the store
  int file_k = 0;
};

// The store the coupons are judged against; they must have been scored from it.
struct JudgingStore {
  std::string path, fingerprint;
  // The fingerprints of the store's versions up to the one judged: coupons scored from one of
  // them (a night before later appends) are judged against the store as judged, which holds their window.
  std::vector<std::string> version_fingerprints;
  // Versions after the one judged (evaluate --store-version V): coupons scored from one of them
  // saw rows the judged store lacks — refused, naming the version.
  std::vector<std::pair<std::int64_t, std::string>> later_versions;
  std::int64_t judged_version = 0;
};

// Reads the whole file on this process (HDF5 from the main thread only) and keeps the rows of
// households [range.begin, range.end). Throws UsageError (raised on all ranks) when the file's
// as_of_day differs from `as_of`, InputError when it was scored from another store. Products
// unknown to the store become -2: listed, never a hit.
LoadedCoupons load_coupons(const std::string& path, const JudgingStore& store, std::int32_t as_of, int k,
                           const std::vector<std::int64_t>& household_ids,
                           const std::vector<std::int64_t>& product_ids, engine::Range range);

}  // namespace basketgap::evaluate
