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

// Entries of `with_files` (merged_references of the store with the files) that differ from
// `stored` (merged_references without them) in a field the store keeps (consent, birth month,
// household type; department, commodity, sub-commodity, brand) — the columns the files have —
// or that `stored` lacks (an id new to the store: its consent would be lost too).
ReferenceChanges reference_changes(const ingest::ReferenceFiles& stored,
                                   const ingest::ReferenceFiles& with_files);

}  // namespace basketgap::append
