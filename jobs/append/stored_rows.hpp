// `append` rewrites the store: the rows already stored are fed back into ingest's route, sort
// and write passes beside the night's rows, so the new store has exactly the layout a one-shot
// ingest of all the rows would have (hence the same coupons), plus each row's batch.
#pragma once

#include <cstdint>
#include <string>

namespace basketgap {
class Comm;
}
namespace basketgap::io {
class StoreReader;
}

namespace basketgap::ingest {
struct ParsePass;
}

namespace basketgap::append {

// Collective. Each rank writes its share of the stored rows (an even split by rows) to
// `spill_path` as parsed records with external ids, their batch, and negative line numbers
// (older than any line of the night's file, so de-duplication keeps the stored copy), and adds
// their households and products to `parsed`'s dictionaries. Returns the rows of all ranks.
std::uint64_t spill_stored_rows(const io::StoreReader& store, const std::string& spill_path,
                                ingest::ParsePass& parsed, const Comm& comm);

}  // namespace basketgap::append
