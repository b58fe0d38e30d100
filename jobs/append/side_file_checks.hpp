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

// An append's households file overlays only the columns it has (consent, birth_month,
// hh_comp_desc): one with none of them changes no stored household — an opt-out file whose
// column is missing, and its opt-outs would be lost. InputError (65) raised on every rank.
void refuse_households_file_applying_nothing(const std::string& households_csv,
                                             const io::HouseholdColumns& has);

// Rank 0: what the night's households file did to consent — the households it named, those
// whose consent it withdrew or gave (`before` and `after` the overlay, ascending by id) — so
// that an opt-out file that changed nothing is seen in the log. The file may name a few
// households only: whether anyone can be mailed is a question about the store's households
// after it, and a warning when nobody has consent = 1.
void log_households_file(const std::string& households_csv, std::size_t named,
                         const std::vector<io::HouseholdInfo>& before,
                         const std::vector<io::HouseholdInfo>& after, const std::string& store);

}  // namespace basketgap::append
