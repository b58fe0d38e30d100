// The store's catalog: what the products and households files say about ids that have no rows
// in the store. Kept so that a later append which first sees such an id gets the same
// department, descriptions, consent and birth month a one-shot ingest of every night gives.
#pragma once

#include <cstdint>
#include <span>

#include "io/store/tables.hpp"
#include "jobs/ingest/reference_files.hpp"

namespace basketgap::ingest {

// The entries of `references` whose ids are not in `product_ids` / `household_ids` (the
// store's ascending dictionaries), encoded like the store's own tables.
io::CatalogTables build_catalog(std::span<const std::int64_t> product_ids,
                                std::span<const std::int64_t> household_ids,
                                const ReferenceFiles& references);

}  // namespace basketgap::ingest
