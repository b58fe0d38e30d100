#include "io/store/writer.hpp"

#include <algorithm>
#include <cstdint>
#include <vector>

#include "io/hdf5/tables.hpp"
#include "io/store/schema.hpp"

namespace basketgap::io {

namespace {
template <typename T>
std::span<const T> mine(const std::vector<T>& values, bool is_writer) {
  return is_writer ? std::span<const T>(values) : std::span<const T>();
}

template <typename T>
void write_whole(const h5::File& file, const char* name, const std::vector<T>& values, bool is_writer) {
  auto ds = h5::Dataset::create<T>(file, name, {values.size()});
  ds.template write_rows<T>(0, mine(values, is_writer));
}
}  // namespace

StoreWriter::StoreWriter(const std::string& path, MPI_Comm comm, std::int64_t total_rows)
    : file_(h5::File::create_parallel(path, comm)) {
  if (total_rows == kNoRows) return;
  const hsize_t rows = static_cast<hsize_t>(total_rows);
  household_ = h5::Dataset::create<std::int32_t>(file_, store::kHousehold, {rows});
  day_ = h5::Dataset::create<std::int32_t>(file_, store::kDay, {rows});
  basket_ = h5::Dataset::create<std::int64_t>(file_, store::kBasket, {rows});
  product_ = h5::Dataset::create<std::int32_t>(file_, store::kProduct, {rows});
  quantity_ = h5::Dataset::create<float>(file_, store::kQuantity, {rows});
  spend_ = h5::Dataset::create<float>(file_, store::kSpend, {rows});
  batch_ = h5::Dataset::create<std::int32_t>(file_, store::kBatch, {rows});
  basket_start_ = h5::Dataset::create<std::uint8_t>(file_, store::kBasketStart, {rows});
}

void StoreWriter::write_transactions(std::int64_t offset, const TransactionColumns& rows) {
  household_.write_rows<std::int32_t>(offset, rows.household);
  day_.write_rows<std::int32_t>(offset, rows.day);
  basket_.write_rows<std::int64_t>(offset, rows.basket);
  product_.write_rows<std::int32_t>(offset, rows.product);
  quantity_.write_rows<float>(offset, rows.quantity);
  spend_.write_rows<float>(offset, rows.spend);
  batch_.write_rows<std::int32_t>(offset, rows.batch);
  if (!rows.basket_start.empty()) {
    basket_start_.write_rows<std::uint8_t>(offset, rows.basket_start);
    return;
  }
  std::vector<std::uint8_t> starts(rows.size());
  for (std::size_t i = 0; i < starts.size(); ++i)
    starts[i] = i == 0 || opens_basket(rows.household[i] != rows.household[i - 1], rows.basket[i],
                                       rows.day[i], rows.basket[i - 1], rows.day[i - 1]);
  basket_start_.write_rows<std::uint8_t>(offset, starts);
}

void StoreWriter::write_coded(const std::string& codes_name, const std::string& names_name,
                              const CodedColumn& column, bool is_writer) {
  write_whole(file_, codes_name.c_str(), column.codes, is_writer);
  write_string_table(file_, names_name, column.names, is_writer);
}

void StoreWriter::write_households(const HouseholdTable& t, bool is_writer) {
  write_whole(file_, store::kHouseholdOffset, t.offset, is_writer);
  write_whole(file_, store::kHouseholdBaskets, t.baskets, is_writer);
  write_household_columns(t, store::kHouseholds, is_writer);
}

void StoreWriter::write_household_columns(const HouseholdTable& t, const store::HouseholdDatasets& at,
                                          bool is_writer) {
  write_whole(file_, at.id, t.id, is_writer);
  write_whole(file_, at.consent, t.consent, is_writer);
  write_whole(file_, at.birth_month, t.birth_month, is_writer);
  write_coded(at.type, at.type_names, t.type, is_writer);
}

void StoreWriter::write_products(const ProductTable& t, bool is_writer) {
  write_product_columns(t, store::kProducts, is_writer);
}

void StoreWriter::write_product_columns(const ProductTable& t, const store::ProductDatasets& at,
                                        bool is_writer) {
  write_whole(file_, at.id, t.id, is_writer);
  write_coded(at.department, at.department_names, t.department, is_writer);
  write_coded(at.commodity, at.commodity_names, t.commodity, is_writer);
  write_coded(at.sub_commodity, at.sub_commodity_names, t.sub_commodity, is_writer);
  write_coded(at.brand, at.brand_names, t.brand, is_writer);
}

// An empty table writes nothing: a store whose files name no id without rows (or that has no
// files) is laid out as before the catalog.
void StoreWriter::write_catalog(const CatalogTables& catalog, bool is_writer) {
  if (!catalog.products.id.empty())
    write_product_columns(catalog.products, store::kCatalogProducts, is_writer);
  if (!catalog.households.id.empty())
    write_household_columns(catalog.households, store::kCatalogHouseholds, is_writer);
}

void StoreWriter::write_batches(const std::vector<BatchRecord>& batches, bool is_writer) {
  io::write_batches(file_, batches, is_writer);
}

void StoreWriter::write_attributes(const Attributes& attributes) { io::write_attributes(file_, attributes); }

void StoreWriter::close() {
  // Dataset handles must be released before the file closes.
  for (auto* ds : {&household_, &day_, &basket_, &product_, &quantity_, &spend_, &batch_, &basket_start_})
    *ds = h5::Dataset();
  file_.close();
}

void write_store_head(const std::string& path, MPI_Comm comm, const HouseholdTable& households,
                      const ProductTable& products, const CatalogTables& catalog,
                      const std::vector<BatchRecord>& batches, const Attributes& attributes, bool is_writer,
                      const std::function<void()>& before_close) {
  StoreWriter writer(path, comm, StoreWriter::kNoRows);
  writer.write_households(households, is_writer);
  writer.write_products(products, is_writer);
  writer.write_catalog(catalog, is_writer);
  writer.write_batches(batches, is_writer);
  writer.write_attributes(attributes);
  if (before_close) before_close();
  writer.close();
}

}  // namespace basketgap::io
