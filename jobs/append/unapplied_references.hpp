// What the products/households files of an append would change in the store, for a night that
// is already in it: such a rerun adds no batch, so those changes (an opt-out, say) would be
// dropped without a word; the append refuses instead when there are any (docs/RUNBOOK.md).
#pragma once

#include <cstdint>

#include "jobs/ingest/reference_files.hpp"

namespace basketgap::append {

struct ReferenceChanges {
  std::int64_t products = 0, households = 0;  // entries whose stored fields would change
  bool any() const { return products > 0 || households > 0; }
};

// Entries of `files` that differ from `stored` (merged_references of the store without files)
// in a field the store keeps (consent, birth month, household type; department, commodity,
// sub-commodity, brand). Ids the store does not hold (neither rows nor catalog entries) are not
// counted: they describe nothing stored yet.
ReferenceChanges reference_changes(const ingest::ReferenceFiles& stored, const ingest::ReferenceFiles& files);

}  // namespace basketgap::append
