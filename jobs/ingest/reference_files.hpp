// The products and households files, read and checked before the long passes: a bad line is
// found in seconds, not after the parse, route and sort passes. Every rank reads the same
// small files, so an error is the same on every rank.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "io/csv/catalog_files.hpp"

namespace basketgap {
class Comm;
}

namespace basketgap::ingest {

struct ReferenceFiles {
  std::optional<std::vector<io::ProductInfo>> products;      // absent without --products
  std::optional<std::vector<io::HouseholdInfo>> households;  // absent without --households
  io::ProductColumns product_columns;                        // the columns the files have
  io::HouseholdColumns household_columns;
};

// Collective: reads both files on every rank (an error is raised on all ranks). With
// `warn_consent`, rank 0 warns when the households file gives nobody consent (consent_warning;
// an append warns about the merged table instead: the file may name a few households only).
// `ignored_household_columns`: [ingest] households.ignore_columns.
ReferenceFiles read_reference_files(const std::string& products_csv, const std::string& households_csv,
                                    const std::vector<std::string>& ignored_household_columns,
                                    const Comm& comm, bool warn_consent = true);

// Why no household of `households_csv` can be mailed ("" when some have consent = 1): the file
// has no consent column, or none of its rows says 1.
std::string consent_warning(const std::string& households_csv,
                            const std::vector<io::HouseholdInfo>& households, bool has_consent_column);

}  // namespace basketgap::ingest
