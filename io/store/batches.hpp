// The store's batch records: one per ingest or append, so a night can be rerun on exactly the
// rows it saw (`score --store-version V`) and a night's file is never appended twice.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "io/hdf5/h5.hpp"
#include "io/store/tables.hpp"

namespace basketgap::io {

struct BatchRecord {
  std::int64_t version = 1;
  std::string source;       // the transactions file name
  std::string source_xxh3;  // its checksum (io/store/provenance)
  std::int64_t rows = 0;    // rows this batch added (after de-duplication)
  std::int64_t rejected_lines = 0;
  std::int64_t first_day = 0, last_day = 0;  // of the rows it added
  std::string utc_time;                      // when it was written, YYYY-MM-DDTHH:MM:SSZ
  std::string fingerprint;                   // the store fingerprint as of this version
  // Segmented stores only (io/store/schema.hpp): where the rows are, and whether withdrawn.
  std::string segment;              // file name under STORE.h5.segments/, "" = in STORE.h5
  std::string segment_fingerprint;  // that file's `fingerprint` attribute
  std::int64_t retracted_in = 0;    // the version that retracted this batch; 0 = live

  // Whether the rows of this batch are part of the store as of `version`.
  bool visible_at(std::int64_t as_of_version) const {
    return this->version <= as_of_version && (retracted_in == 0 || retracted_in > as_of_version);
  }
  // A night without sales (`append --no-sales-day D`): a file of a header alone, recorded with
  // no rows and first_day = last_day = D. A retraction has no rows and no source checksum;
  // every batch of rows has rows.
  bool no_sales_night() const { return rows == 0 && !source_xxh3.empty(); }
  // Whether first_day..last_day are days the store has heard of (rows, or a night without sales).
  bool covers_days() const { return rows > 0 || no_sales_night(); }
  // Whether this batch came from the night `xxh3` (with `no_sales_day`: the night without sales
  // of that day — every header-only file of a shop has the same checksum).
  bool is_night(const std::string& xxh3, std::optional<std::int64_t> no_sales_day) const {
    if (xxh3.empty() || source_xxh3 != xxh3 || no_sales_night() != no_sales_day.has_value()) return false;
    return !no_sales_day || first_day == *no_sales_day;
  }
};

// Collective: every rank passes the same records; rank `is_writer` writes them.
void write_batches(const h5::File& file, const std::vector<BatchRecord>& batches, bool is_writer);

// The batch records; a store written before batches reads as one batch, version 1, from its
// root attributes (`attributes`).
std::vector<BatchRecord> read_batches(const h5::File& file, const Attributes& attributes);

// The live (not retracted) batch whose source checksum is `xxh3` (and, with `no_sales_day`, the
// night without sales of that day), or nullptr.
const BatchRecord* find_batch_by_checksum(const std::vector<BatchRecord>& batches, const std::string& xxh3,
                                          std::optional<std::int64_t> no_sales_day = std::nullopt);

// The last day covered by the batches part of version `as_of_version` (rows, or nights without
// sales), and at least `fallback`.
std::int64_t last_covered_day(const std::vector<BatchRecord>& batches, std::int64_t as_of_version,
                              std::int64_t fallback);

// The last day on or before `day` of a night without sales part of version `as_of_version`;
// `fallback` when there is none.
std::int64_t last_no_sales_day(const std::vector<BatchRecord>& batches, std::int64_t as_of_version,
                               std::int64_t day, std::int64_t fallback);

// The first day after `day` of a night without sales part of version `as_of_version`;
// `fallback` when there is none.
std::int64_t first_no_sales_day_after(const std::vector<BatchRecord>& batches, std::int64_t as_of_version,
                                      std::int64_t day, std::int64_t fallback);

// Now, as YYYY-MM-DDTHH:MM:SSZ.
std::string utc_now();

}  // namespace basketgap::io
