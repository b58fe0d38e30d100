// Ingest pass 1 over all ranks: each rank parses its byte range (parse.hpp), then the counts,
// checksums and rejects are reduced, and the reject budget is enforced.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "io/csv/transaction_schema.hpp"
#include "jobs/ingest/records.hpp"

namespace basketgap {
class AtomicOutput;
class Comm;
}  // namespace basketgap

namespace basketgap::ingest {

class SpillFolders;

struct ParsePass {
  std::string spill_file;               // this rank's valid rows
  std::vector<IdCount> household_rows;  // this rank's, until the dictionaries are merged
  std::vector<std::int64_t> products;   // this rank's, until the dictionaries are merged
  std::int64_t first_line = 0;          // lines of the file before this rank's range
  std::uint64_t records = 0;            // the totals of all ranks from here on
  std::int64_t local_records = 0;       // this rank's valid rows, households seen (for the stage report)
  std::int64_t local_households = 0;
  std::int64_t data_lines = 0;  // the header excluded
  std::int64_t budgeted_rejects = 0, return_lines = 0, blank_lines = 0;
  std::vector<std::uint64_t> block_hashes;  // in file order
  std::string rejects_text;                 // the rejects file's rows, on rank 0
};

// Collective. Past `max_rejects` budgeted rejects, publishes the rejects file (as
// `failed_rejects` when not empty), removes the spill folders and throws InputError on every
// rank. `job` names the log lines (ingest, append).
ParsePass parse_pass(const std::string& transactions, std::uint64_t input_bytes,
                     const io::ResolvedSchema& schema, std::int64_t max_rejects, const SpillFolders& spill,
                     AtomicOutput& rejects_file, const Comm& comm, const std::string& job = "ingest",
                     const std::string& failed_rejects = "");

}  // namespace basketgap::ingest
