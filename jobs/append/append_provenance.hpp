// The root attributes and batch records of a store after an append: the stored ones carried
// over, the counts made the totals of every batch, the fingerprint chained to the night's file.
#pragma once

#include <vector>

#include "io/store/batches.hpp"
#include "io/store/provenance.hpp"

namespace basketgap::io {
struct StoreSummary;
}

namespace basketgap::append {

struct AppendedProvenance {
  io::Attributes attributes;
  std::vector<io::BatchRecord> batches;
};

// `night` holds the whole new store's rows, households, ... and the night's own line counts and
// sources (ingest::store_provenance of the append); `batch` the night's record (fingerprint
// filled in here).
AppendedProvenance appended_provenance(const io::StoreSummary& stored, const io::StoreProvenance& night,
                                       io::BatchRecord batch);

}  // namespace basketgap::append
