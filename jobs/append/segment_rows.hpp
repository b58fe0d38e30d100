// `compact` reads every row back from the segments: each rank a share of each segment, as
// parsed records (external ids, the store version that added the row) for ingest's route, sort
// and write passes, which lay them out as a one-shot ingest of every batch would.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "io/store/segments.hpp"

namespace basketgap {
class Comm;
}
namespace basketgap::ingest {
struct ParsePass;
}

namespace basketgap::append {

// Collective. Writes this rank's share of the rows of `segments` visible as of `version` to
// `spill_path`, with line numbers ordered by version then position, so that of a purchase
// repeated across batches the earliest batch's copy is kept; adds their households and
// products to `parsed`'s dictionaries. Returns the rows of all ranks.
std::uint64_t spill_segment_rows(const std::vector<io::Segment>& segments,
                                 const std::vector<io::BatchRecord>& batches, std::int64_t version,
                                 const std::string& spill_path, ingest::ParsePass& parsed, const Comm& comm);

}  // namespace basketgap::append
