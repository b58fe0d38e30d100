// The transactions file's set-up shared by ingest and append: the [ingest] config, the header
// resolved into a schema, the size. Read before any temporary exists; every rank reads the
// same files, so a problem here is the same error on every rank.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "io/csv/transaction_schema.hpp"
#include "jobs/config/job_config.hpp"

namespace basketgap {
class Comm;
}

namespace basketgap::ingest {

struct TransactionsInput {
  IngestConfig config;
  io::ResolvedSchema schema;
  std::uint64_t bytes = 0;
  std::filesystem::file_time_type modified{};  // when opened: a file still being written changes
};

// The [ingest] section of the config file ("" = the defaults). Errors are marked raised on all
// ranks.
IngestConfig read_ingest_config(const std::string& config_path);

// The header of `transactions` resolved with `config`'s mapping, and the file's size. Errors are
// marked raised on all ranks.
TransactionsInput open_transactions(const std::string& transactions, IngestConfig config);

// Collective, before publishing what was read: InputError (65) on every rank when the file's size
// or modification time is no longer what open_transactions saw — a copy still being written
// (the ranks read the bytes there were when it was opened), or a file replaced meanwhile.
void refuse_changed_since_opened(const std::string& transactions, const TransactionsInput& input,
                                 const Comm& comm);

// Whether `transactions` has a purchase line: a line after its header that is not blank and
// not a return (quantity <= 0 under `schema`). A header alone, or returns only, is a night
// without sales (or a broken extract). Reads up to the first purchase line; a line that does
// not parse counts as one (ingest then reports it).
bool has_purchase_lines(const std::string& transactions, const io::ResolvedSchema& schema);

}  // namespace basketgap::ingest
