// The products and households an append describes: what the store already holds (its tables and
// its catalog of the files' entries for ids without rows), updated by
// the night's products/households files when given (a file's entry replaces the stored one in
// the columns the file has, so consent and descriptions can change; ids the files do not name,
// and columns they do not have, keep their stored values).
#pragma once

#include "jobs/ingest/reference_files.hpp"

namespace basketgap::io {
class StoreReader;
}

namespace basketgap::append {

ingest::ReferenceFiles merged_references(const io::StoreReader& store, ingest::ReferenceFiles files);

// `references` without the entries that say nothing (consent unknown, no birth month, no type;
// no department, commodity, sub-commodity or brand): those of ids that came from rows alone. A
// compacted store's catalog then holds what the side files described, as a one-shot ingest of
// the live rows — not the ids of a retracted batch's rows. (An id with rows is described the
// same without its entry.)
ingest::ReferenceFiles without_empty_entries(ingest::ReferenceFiles references);

}  // namespace basketgap::append
