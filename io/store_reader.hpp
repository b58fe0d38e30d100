// Reads a store written by `ingest`: validates format and schema version on open, then serves
// the dictionaries and any contiguous range of households (one hyperslab per column).
#pragma once

#include <mpi.h>

#include <cstdint>
#include <optional>
#include <string>

#include "io/h5.hpp"
#include "io/store_tables.hpp"

namespace basketgap::io {

struct StoreSummary {
  std::int64_t schema_version = 0;
  std::int64_t rows = 0, households = 0, products = 0, baskets = 0;
  std::int64_t min_day = 0, max_day = 0;
  std::string fingerprint;  // identifies the inputs and mapping the store was built from
  Attributes attributes;    // every root attribute, for inspect
};

class StoreReader {
 public:
  // Serial open (this process alone); with `comm`, a collective parallel open.
  static StoreReader open(const std::string& path, std::optional<MPI_Comm> comm = std::nullopt);

  const StoreSummary& summary() const { return summary_; }
  const std::string& path() const { return file_.path(); }

  HouseholdTable households() const;
  ProductTable products() const;
  // Rows [first_row, first_row + row_count) of every column.
  TransactionColumns read_rows(std::int64_t first_row, std::int64_t row_count) const;
  // The same for the columns the kernels use (day, product, basket, and spend when asked)
  // into `into`, reusing its buffers (the loader reads many slices): decompressing the other
  // columns would cost a quarter of the load time at scale.
  void read_history_rows(std::int64_t first_row, std::int64_t row_count, bool with_spend,
                         TransactionColumns& into) const;

  void close() { file_.close(); }

 private:
  explicit StoreReader(h5::File file) : file_(std::move(file)) {}
  void validate();
  void check_column_lengths() const;
  CodedColumn read_coded(const char* codes, const char* names) const;

  h5::File file_;
  StoreSummary summary_;
};

}  // namespace basketgap::io
