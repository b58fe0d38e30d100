// Writes a store collectively with parallel HDF5. Every call is collective: all ranks call it
// in the same order; a rank with nothing to write passes empty data.
#pragma once

#include <mpi.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "io/hdf5/h5.hpp"
#include "io/store/batches.hpp"
#include "io/store/schema.hpp"
#include "io/store/tables.hpp"

namespace basketgap::io {

class StoreWriter {
 public:
  static constexpr std::int64_t kNoRows = -1;  // a segmented store's head: no /transactions
  StoreWriter(const std::string& path, MPI_Comm comm, std::int64_t total_rows);

  // Every transaction column's chunks (1 MiB of its elements: 1 Mi rows of uint8, 256 Ki of
  // int32, 128 Ki of int64) end on multiples of this row: writes that start and end there fill
  // whole chunks, which HDF5 compresses once (a chunk written in two calls is read back, inflated
  // and compressed again).
  static constexpr std::int64_t kAlignedRows = static_cast<std::int64_t>(h5::kChunkBytes);

  // Writes `rows` at row `offset` of the transactions table (collective). With
  // `rows.basket_start` empty, `rows` holds whole households (its first row opens a basket) and
  // the flags are derived; otherwise they are written as given.
  void write_transactions(std::int64_t offset, const TransactionColumns& rows);
  // Tables held identically by every rank; rank `writer` writes them, the others select none.
  void write_households(const HouseholdTable& table, bool is_writer);
  void write_products(const ProductTable& table, bool is_writer);
  // The files' entries for ids without rows (store::kCatalog*); an empty table is not written.
  void write_catalog(const CatalogTables& catalog, bool is_writer);
  void write_batches(const std::vector<BatchRecord>& batches, bool is_writer);
  void write_attributes(const Attributes& attributes);
  void close();

 private:
  void write_coded(const std::string& codes_name, const std::string& names_name, const CodedColumn& column,
                   bool is_writer);
  void write_household_columns(const HouseholdTable& table, const store::HouseholdDatasets& at,
                               bool is_writer);
  void write_product_columns(const ProductTable& table, const store::ProductDatasets& at, bool is_writer);

  h5::File file_;
  h5::Dataset household_, day_, basket_, product_, quantity_, spend_, batch_, basket_start_;
};

// Collective: the STORE.h5 of a segmented store (io/store/segments.hpp) — the merged tables and
// catalog, the batch records naming each batch's segment, the root attributes; no rows. Rank
// `is_writer` writes the tables (every rank passes the same).
// `before_close` (if set) runs on every rank before the collective close, as write_coupons'.
void write_store_head(const std::string& path, MPI_Comm comm, const HouseholdTable& households,
                      const ProductTable& products, const CatalogTables& catalog,
                      const std::vector<BatchRecord>& batches, const Attributes& attributes, bool is_writer,
                      const std::function<void()>& before_close = {});

}  // namespace basketgap::io
