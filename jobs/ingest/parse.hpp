// Ingest pass 1: parse this rank's byte range of the transactions file, spill valid rows,
// count rows per household and collect product ids and rejects.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "io/csv/line_reader.hpp"
#include "io/csv/transaction_schema.hpp"
#include "io/spill/spill_file.hpp"
#include "jobs/cluster/progress.hpp"
#include "jobs/ingest/records.hpp"

namespace basketgap::ingest {

struct ParseResult {
  std::uint64_t lines = 0;  // lines of the range, header included on the first range
  std::uint64_t records = 0;
  std::vector<IdCount> household_rows;  // rows per external household id, ascending
  std::vector<std::int64_t> products;   // distinct external product ids, ascending
  std::vector<RejectEntry> rejects;     // at most `reject_cap` per reason kind are kept
  std::int64_t budgeted_rejects = 0;    // count of rejects that use the budget
  std::int64_t return_lines = 0;
  std::int64_t blank_lines = 0;
  std::vector<std::uint64_t> block_hashes;
};

ParseResult parse_range(const std::string& path, const io::ResolvedSchema& schema, io::ByteRange range,
                        io::SpillWriter<ParsedRecord>& spill, Progress& progress, std::int64_t reject_cap);

}  // namespace basketgap::ingest
