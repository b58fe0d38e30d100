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

// The attributes of a store after `compact`: the stored ones, one file again (schema 1), the
// counts of the compacted rows, `duplicate_lines` + the repeats across batches it dropped.
io::Attributes compacted_attributes(const io::StoreSummary& stored, std::int64_t rows, std::size_t households,
                                    std::size_t products, std::int64_t baskets, std::int64_t min_day,
                                    std::int64_t max_day, std::int64_t repeats);

}  // namespace basketgap::append
