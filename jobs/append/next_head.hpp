// The STORE.h5 of a segmented store after an append (io/store/segments.hpp): the stored
// dictionaries merged with the night's (both ascending by external id, so the dense indices
// are those a one-shot ingest of every batch would give), descriptions and consent from the
// stored tables updated by the night's side files, the batch records with the night's, and the
// root attributes totalled over the batches.
#pragma once

#include <string>
#include <vector>

#include "io/store/batches.hpp"
#include "io/store/provenance.hpp"
#include "io/store/tables.hpp"
#include "jobs/ingest/reference_files.hpp"

namespace basketgap::io {
class StoreReader;
}
namespace basketgap::ingest {
struct IngestedRows;
}

namespace basketgap::append {

struct StoreHead {
  io::HouseholdTable households;  // offset: rows of every live batch (before cross-batch repeats)
  io::ProductTable products;
  io::CatalogTables catalog;  // the side files' entries for ids still without rows
  std::vector<io::BatchRecord> batches;
  io::Attributes attributes;
};

// `night` was ingested into segment `segment` (its own fingerprint `segment_fingerprint`)
// and becomes version `version`; `references` = merged_references of the stored tables and
// the night's side files. A one-file store's rows become segment `base_segment`.
StoreHead next_head(const io::StoreReader& stored, const ingest::ReferenceFiles& references,
                    const ingest::IngestedRows& night, const io::StoreProvenance& night_provenance,
                    std::int64_t version, const std::string& segment, const std::string& base_segment);

// The head's batch records and root attributes: `stored`'s with `batch` (fingerprint filled in)
// added and the counts of `totals` (the whole store's after the batch); a one-file store's rows
// named as segment `base_segment`.
void add_batch(StoreHead& head, const io::StoreReader& stored, const io::StoreProvenance& totals,
               io::BatchRecord batch, const std::string& base_segment);

// The batch records of `stored` with a one-file store's rows named as segment `base_segment`
// (a batch without rows names none: `-`).
std::vector<io::BatchRecord> segmented_batches(const io::StoreReader& stored,
                                               const std::string& base_segment);

}  // namespace basketgap::append
