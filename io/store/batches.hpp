// The store's batch records: one per ingest or append, so a night can be rerun on exactly the
// rows it saw (`score --store-version V`) and a night's file is never appended twice.
#pragma once

#include <cstdint>
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
};

// Collective: every rank passes the same records; rank `is_writer` writes them.
void write_batches(const h5::File& file, const std::vector<BatchRecord>& batches, bool is_writer);

// The batch records; a store written before batches reads as one batch, version 1, from its
// root attributes (`attributes`).
std::vector<BatchRecord> read_batches(const h5::File& file, const Attributes& attributes);

// The live (not retracted) batch whose source checksum is `xxh3`, or nullptr.
const BatchRecord* find_batch_by_checksum(const std::vector<BatchRecord>& batches, const std::string& xxh3);

// Now, as YYYY-MM-DDTHH:MM:SSZ.
std::string utc_now();

}  // namespace basketgap::io
