// The transactions file's set-up shared by ingest and append: the [ingest] config, the header
// resolved into a schema, the size. Read before any temporary exists; every rank reads the
// same files, so a problem here is the same error on every rank.
#pragma once

#include <cstdint>
#include <filesystem>
#include <initializer_list>
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

// Rank 0, for each of `paths` given (transactions, products, households): warns when the file's
// last line ends without an end of line. It was read as a whole line (some exports omit the last
// newline), but a file cut inside its last field parses too — an id 100 for 100113 — and only
// the file's end can tell.
void warn_of_unterminated_last_lines(std::initializer_list<std::string> paths, const Comm& comm);

// Rank 0: warns when the first data lines of an input write its ids with leading zeros. Ids are
// whole numbers: '000123' and '123' are one id, stored and exported as 123 — a mailing system
// that matches the retailer's codes as text would not find them. Looks at the transactions'
// household, basket and product columns, the products file's PRODUCT_ID and the households
// file's household_key.
void warn_of_zero_padded_ids(const std::string& transactions, const io::ResolvedSchema& schema,
                             const std::string& products, const std::string& households, const Comm& comm);

// Whether `transactions` has a purchase line: a line after its header that is not blank and
// not a return (quantity <= 0 under `schema`). A header alone, or returns only, is a night
// without sales (or a broken extract). Reads up to the first purchase line; a line that does
// not parse counts as one (ingest then reports it).
bool has_purchase_lines(const std::string& transactions, const io::ResolvedSchema& schema);

}  // namespace basketgap::ingest
