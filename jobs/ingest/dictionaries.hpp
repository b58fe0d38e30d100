// The household and product dictionaries of ingest: every rank's ids from pass 1, merged.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace basketgap {
class Comm;
}

namespace basketgap::ingest {

class SpillFolders;
struct ParsePass;

struct Dictionaries {
  std::vector<std::int64_t> household_ids;   // ascending external ids (index = dense index)
  std::vector<std::int64_t> household_rows;  // rows per household, duplicates included
  std::vector<std::int64_t> product_ids;     // ascending external ids
};

// Collective. Merges (and frees) the dictionaries of `parsed`. InputError when no line was
// valid (on every rank, after removing the spill folders) or past 2^31 entries.
Dictionaries merge_dictionaries(ParsePass& parsed, const std::string& transactions, const SpillFolders& spill,
                                const Comm& comm);

// CSR offsets: offsets[i] = the sum of rows[0 .. i-1]; one more entry than `rows`.
std::vector<std::int64_t> to_offsets(const std::vector<std::int64_t>& rows);

}  // namespace basketgap::ingest
