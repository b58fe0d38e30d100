// What a store holds and what it was built from: its root attributes, and the fingerprint
// that identifies its inputs (the recipe is part of the format: docs/FORMATS.md).
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "io/csv/transaction_schema.hpp"
#include "io/store/tables.hpp"

namespace basketgap::io {

// The counts ingest found and wrote.
struct StoreCounts {
  std::int64_t rows = 0;
  std::int64_t households = 0;
  std::int64_t products = 0;
  std::int64_t baskets = 0;
  std::int32_t min_day = 0, max_day = 0;
  std::int64_t input_data_lines = 0;  // the header excluded
  std::int64_t rejected_lines = 0;    // lines that used the --max-rejects budget
  std::int64_t return_lines = 0;
  std::int64_t duplicate_lines = 0;
  std::int64_t blank_lines = 0;
};

// The inputs: paths as given (the attributes keep only the file names), their checksums
// (16 hex digits, "" for an absent side file) and the column mapping as text.
struct StoreSources {
  std::string transactions;
  std::uint64_t transactions_bytes = 0;
  std::string transactions_xxh3;
  std::string products, products_xxh3;
  std::string households, households_xxh3;
  std::string column_mapping;
};

struct StoreProvenance {
  StoreCounts counts;
  StoreSources sources;
};

// The transactions checksum from the block hashes of every rank's range, in file order.
std::string transactions_checksum(std::span<const std::uint64_t> block_hashes);
// A whole (small) side file hashed with the same block scheme; "" for no file ("" path).
std::string side_file_checksum(const std::string& path);
// "household=... basket=... day=... product=... quantity=... spend=... day_format=... day_origin=...".
std::string column_mapping_text(const ColumnMapping& mapping);

// The fingerprint recipe: XXH3-64 (16 hex digits) of
// "v<schema version>|<transactions xxh3>|<products xxh3>|<households xxh3>|<column mapping>".
std::string store_fingerprint(const StoreSources& sources);

// The fingerprint of a store after an append: XXH3-64 of
// "<previous fingerprint>|append|<transactions xxh3>|<products xxh3>|<households xxh3>".
std::string appended_fingerprint(const std::string& previous, const StoreSources& night);
// After `retract` of batch V: XXH3-64 of "<previous fingerprint>|retract|<V>".
std::string retracted_fingerprint(const std::string& previous, std::int64_t retracted_version);

// Sets (or adds at the end) root attribute `name`.
void set_attribute(Attributes& attributes, const std::string& name, AttributeValue value);

// The root attributes, in the order they are written (the fingerprint last).
Attributes store_attributes(const StoreProvenance& provenance);

}  // namespace basketgap::io
