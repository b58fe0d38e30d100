// Reads a store written by `ingest`: validates format and schema version on open, then serves
// the dictionaries and any contiguous range of households (one hyperslab per column).
#pragma once

#include <mpi.h>

#include <cstdint>
#include <optional>
#include <string>

#include "io/hdf5/h5.hpp"
#include "io/hdf5/parallel_read.hpp"
#include "io/store/batches.hpp"
#include "io/store/schema.hpp"
#include "io/store/tables.hpp"

namespace basketgap::io {

struct StoreSummary {
  std::int64_t schema_version = 0;
  std::int64_t rows = 0, households = 0, products = 0, baskets = 0;
  std::int64_t min_day = 0, max_day = 0;
  std::string fingerprint;           // identifies the inputs and mapping the store was built from
  Attributes attributes;             // every root attribute, for inspect
  std::int64_t store_version = 1;    // the last batch's version
  std::vector<BatchRecord> batches;  // version order (one for a store written before batches)
};

// Which columns StoreReader::fetch_history_rows brings besides day, product and the baskets.
struct HistoryColumns {
  bool spend = false;
  bool batch = false;          // for a pinned read (store version < the last)
  bool quantity = false;       // to merge the segments of a segmented store
  bool basket_starts = false;  // the basket starts instead of the basket ids, if the store has them
};

// History rows fetched but not yet decoded (StoreReader::fetch_history_rows).
struct FetchedHistory {
  h5::FetchedRows day, basket, product, spend, batch, quantity, basket_start;
  bool with_basket_start = false;  // the basket starts fetched instead of the basket ids
  bool with_spend = false;
  bool with_quantity = false;  // fetched only to merge the segments of a segmented store
  bool with_batch = false;     // fetched only for a pinned read (store version < the last)
};

// Inflates fetched rows into `into`, reusing its buffers (no HDF5 calls; oneTBB inside).
void decode_history_rows(const FetchedHistory& fetched, TransactionColumns& into);

// Throws Error (exit_data, 65) naming the file, the product dataset and the row when a decoded
// product index of `rows` (rows first_row.. of the file) is outside [0, products): the
// kernels index their tables by it, so a corrupt store must stop here.
void check_product_indices(const TransactionColumns& rows, std::int64_t products, const std::string& path,
                           std::int64_t first_row);

class StoreReader {
 public:
  // Serial open (this process alone); with `comm`, a collective parallel open.
  static StoreReader open(const std::string& path, std::optional<MPI_Comm> comm = std::nullopt);
  // A segment file of a segmented store (io/store/segments.hpp), which open refuses.
  static StoreReader open_segment(const std::string& path);

  const StoreSummary& summary() const { return summary_; }
  const std::string& path() const { return file_.path(); }

  HouseholdTable households() const;
  ProductTable products() const;
  // The side files' entries for ids without rows (empty in stores written before the catalog).
  CatalogTables catalog() const;
  // Rows [first_row, first_row + row_count) of every column.
  TransactionColumns read_rows(std::int64_t first_row, std::int64_t row_count) const;
  // The columns the kernels use (day, basket, product, and spend when asked) of rows
  // [first_row, first_row + row_count), fetched compressed (HDF5, this thread only); decode
  // them with decode_history_rows on any thread. Split so the loader can decode one slice on
  // the other cores while it converts the previous one.
  // FetchedHistory's with_* flags say which columns came (a batch or basket-start column the
  // store lacks does not).
  FetchedHistory fetch_history_rows(std::int64_t first_row, std::int64_t row_count,
                                    const HistoryColumns& columns) const;
  // One value column of rows [first_row, first_row + row_count), read by HDF5 on this thread
  // (the segmented loader needs them only where two segments' rows tie on day, basket, product).
  std::vector<float> read_quantity_rows(std::int64_t first_row, std::int64_t row_count) const;
  std::vector<float> read_spend_rows(std::int64_t first_row, std::int64_t row_count) const;
  // The batch of rows [first_row, first_row + row_count) (all 1 in a store written before batches).
  std::vector<std::int32_t> read_row_batches(std::int64_t first_row, std::int64_t row_count) const;
  // Schema version 2: the rows are in segment files named by the batch records
  // (io/store/segments.hpp), not in this file; households().offset counts the rows of every
  // live batch (before duplicates across batches are dropped, which happens on reading).
  bool segmented() const { return summary_.schema_version == store::kSegmentedSchemaVersion; }
  // Whether the rows carry their batch (stores written before batches do not: all version 1).
  bool has_batch_column() const;
  // Whether the rows carry their basket starts (stores written before them do not).
  bool has_basket_start_column() const;

  // Presents the store as of version `version` (1..store_version): the summary's max_day,
  // fingerprint and store_version become that version's; the rows of later batches remain in
  // the file and are skipped by the history loader (pinned_version() < the last version).
  // Error(exit_usage) for a version the store does not have.
  void pin(std::int64_t version);
  std::int64_t pinned_version() const { return summary_.store_version; }
  bool is_pinned() const { return summary_.store_version < summary_.batches.back().version; }

  void close() { file_.close(); }

 private:
  explicit StoreReader(h5::File file) : file_(std::move(file)) {}
  void validate();
  void check_column_lengths() const;
  CodedColumn read_coded(const char* codes, const char* names) const;
  HouseholdTable read_household_columns(const store::HouseholdDatasets& at) const;
  ProductTable read_product_columns(const store::ProductDatasets& at) const;
  template <typename T>
  std::vector<T> read_column(const char* name, std::int64_t first_row, std::int64_t row_count) const;

  h5::File file_;
  StoreSummary summary_;
};

}  // namespace basketgap::io
