// Builds the store's household and product tables: the dense dictionaries from the
// transactions joined with the optional products and households files.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "io/store/tables.hpp"
#include "jobs/ingest/reference_files.hpp"

namespace basketgap::ingest {

struct Dictionaries;
struct SortPass;

struct JoinStats {
  std::int64_t matched = 0;    // dictionary entries found in the side file
  std::int64_t unmatched = 0;  // dictionary entries the side file does not describe
  std::int64_t unused = 0;     // side-file entries with no transactions
};

// `products` may be absent (no hierarchy: every code is -1).
io::ProductTable build_product_table(std::span<const std::int64_t> ids,
                                     const std::optional<std::vector<io::ProductInfo>>& products,
                                     JoinStats& stats);

// `households` may be absent (consent unknown for all).
io::HouseholdTable build_household_table(std::span<const std::int64_t> ids, std::vector<std::int64_t> offsets,
                                         std::vector<std::int32_t> baskets,
                                         const std::optional<std::vector<io::HouseholdInfo>>& households,
                                         JoinStats& stats);

struct StoreTables {
  io::ProductTable products;
  io::HouseholdTable households;
  io::CatalogTables catalog;  // the side files' entries for ids without rows (jobs/ingest/catalog)
  JoinStats product_join, household_join;  // how much of the tables the side files describe
};

// Both tables and the catalog for the store; rank 0 (`log`) logs how much of them the side files describe.
// Every rank builds them: the HDF5 metadata calls must agree.
StoreTables build_store_tables(const Dictionaries& dictionaries, const SortPass& sorted,
                               const ReferenceFiles& references, bool log);

// Dictionary-encodes `values` (names sorted, so codes do not depend on input order);
// empty strings become -1.
io::CodedColumn encode(const std::vector<std::string>& values);

}  // namespace basketgap::ingest
