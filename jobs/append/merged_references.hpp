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

}  // namespace basketgap::append
