// Checks of an append's products/households files that ingest makes on its own files too: a
// file of another shop is refused, and a households file that leaves nobody to mail is said.
#pragma once

#include <string>
#include <vector>

#include "io/csv/catalog_files.hpp"
#include "jobs/ingest/reference_files.hpp"
#include "jobs/ingest/tables.hpp"
#include "jobs/jobs.hpp"

namespace basketgap::append {

// As ingest: a products or households file that describes none of the store's ids (rows or
// catalog: `stored`, merged_references without files) nor the night's (`night`) is another
// shop's or numbering's — its consent or departments would describe nobody, which changes what
// is mailed. InputError (65) raised on every rank: every rank holds the same tables.
void refuse_foreign_side_files(const AppendOptions& o, const ingest::ReferenceFiles& files,
                               const ingest::ReferenceFiles& stored, const ingest::StoreTables& night);

// The households file of an append may name a few households (an opt-out): whether anyone can
// be mailed is a question about the store's households after it (`merged`), not about the
// file's. Warns when nobody has consent = 1 (call on rank 0).
void warn_if_nobody_consents(const std::string& households_csv, const std::vector<io::HouseholdInfo>& merged,
                             const std::string& store);

}  // namespace basketgap::append
