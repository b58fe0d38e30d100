// What an export's operator must be told although the export is valid: an empty mailing (no
// consent, or no coupons), coupons without product names, and a file name that says another
// encoding than the file has.
#pragma once

#include <cstdint>
#include <string>

#include "io/export/manifest.hpp"
#include "jobs/jobs.hpp"

namespace basketgap {
class Comm;
}

namespace basketgap::exporting {

// Collective: "" unless nobody consented; `consented` is this rank's count of households
// consenting still, `m` holds the counts summed over the ranks. Also logged.
std::string no_consent_warning(const ExportOptions& o, const io::ExportManifest& m, std::int64_t consented,
                               const Comm& comm);

// Collective: "" unless every household that may be mailed came without coupons (or is in the
// control group). Also logged.
std::string no_coupon_warning(const ExportOptions& o, const io::ExportManifest& m, const Comm& comm);

// Rank 0: warns when coupons are mailed with blank product columns (the store has no
// products-file text for their products: ingested without --products, or products new since).
void warn_of_blank_product_text(const ExportOptions& o, const io::ExportManifest& m);

// Rank 0: warns when --out's name says another encoding (.gz without --gzip, .csv for JSONL).
void warn_of_a_misleading_name(const ExportOptions& o);

}  // namespace basketgap::exporting
