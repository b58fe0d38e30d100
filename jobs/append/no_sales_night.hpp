// `append --no-sales-day D`: a night's file with a header and no rows — the shop sold nothing
// on day D (a holiday) — recorded as a version of its own: no rows and no segment, the day
// covered (so `score --as-of D` is not stale), the night's products/households files applied
// as any night's (an opt-out on a closed day still counts).
#pragma once

#include <cstdint>
#include <string>

#include "io/store/provenance.hpp"
#include "jobs/append/next_head.hpp"
#include "jobs/ingest/reference_files.hpp"

namespace basketgap::io {
class StoreReader;
}

namespace basketgap::append {

// The head of version `version` after the night without sales of `day` (`night`: its sources;
// `references` = merged_references of the stored tables and its side files). A one-file
// store's rows become segment `base_segment`.
StoreHead no_sales_head(const io::StoreReader& stored, const ingest::ReferenceFiles& references,
                        const io::StoreSources& night, std::int64_t version, std::int64_t day,
                        const std::string& base_segment);

}  // namespace basketgap::append
