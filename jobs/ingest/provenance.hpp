// The store's provenance (io/store/provenance.hpp) gathered from ingest's inputs and passes.
#pragma once

#include <cstdint>

#include "io/store/batches.hpp"
#include "io/store/provenance.hpp"
#include "jobs/jobs.hpp"

namespace basketgap::ingest {

struct Dictionaries;
struct ParsePass;
struct SortPass;

// Every rank gets the same result (the side files are hashed on each): the attributes are
// written collectively.
io::StoreProvenance store_provenance(const IngestOptions& options, std::uint64_t input_bytes,
                                     const io::ColumnMapping& columns, const ParsePass& parsed,
                                     const Dictionaries& dictionaries, const SortPass& sorted);

// The input files' names, sizes, checksums (the transactions' given: `transactions_xxh3`, the
// side files' hashed here) and the column mapping as text.
io::StoreSources store_sources(const IngestOptions& options, std::uint64_t input_bytes,
                               std::string transactions_xxh3, const io::ColumnMapping& columns);

// The batch record of the rows just read from the transactions file (version `version`, the
// store fingerprint as of it).
io::BatchRecord new_batch(std::int64_t version, const io::StoreSources& sources, const ParsePass& parsed,
                          const SortPass& sorted, std::string fingerprint);

}  // namespace basketgap::ingest
