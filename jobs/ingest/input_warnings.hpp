// What ingest and append say of input files that read cleanly but may not be what was meant:
// warnings only (each is documented as accepted), rank 0's, never an error.
#pragma once

#include <string>

#include "io/csv/transaction_schema.hpp"

namespace basketgap {
class Comm;
}

namespace basketgap::ingest {

// Rank 0 warns, for the transactions, products and households files given ("" = none):
// - when a file's last line ends without an end of line. It was read as a whole line (some
//   exports omit the last newline), but a file cut inside its last field parses too — an id 100
//   for 100113 — and only the file's end can tell;
// - when the first data lines write ids with leading zeros. Ids are whole numbers: '000123' and
//   '123' are one id, stored and exported as 123 — a mailing system that matches the retailer's
//   codes as text would not find them (the transactions' household, basket and product columns,
//   the products file's PRODUCT_ID, the households file's household_key).
void warn_of_suspect_inputs(const std::string& transactions, const io::ResolvedSchema& schema,
                            const std::string& products, const std::string& households, const Comm& comm);

}  // namespace basketgap::ingest
