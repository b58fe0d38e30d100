#include "io/store/reader.hpp"

#include "io/hdf5/parallel_read.hpp"

#include <hdf5.h>

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <string_view>

#include "io/store/schema.hpp"
#include "io/store/segments.hpp"

namespace basketgap::io {

namespace {
// Collects every root attribute (integers and strings) in creation order.
Attributes read_all_attributes(const h5::File& file) {
  Attributes out;
  H5O_info_t info;
  if (H5Oget_info2(file.id(), &info, H5O_INFO_NUM_ATTRS) < 0) return out;
  for (hsize_t i = 0; i < info.num_attrs; ++i) {
    char name[256] = {0};
    H5Aget_name_by_idx(file.id(), ".", H5_INDEX_NAME, H5_ITER_INC, i, name, sizeof name, H5P_DEFAULT);
    hid_t attr = H5Aopen_by_idx(file.id(), ".", H5_INDEX_NAME, H5_ITER_INC, i, H5P_DEFAULT, H5P_DEFAULT);
    if (attr < 0) continue;
    hid_t type = H5Aget_type(attr);
    const H5T_class_t cls = H5Tget_class(type);
    H5Tclose(type);
    H5Aclose(attr);
    if (cls == H5T_INTEGER)
      out.emplace_back(name, h5::get_int_attribute(file, name));
    else if (cls == H5T_STRING)
      out.emplace_back(name, h5::get_string_attribute(file, name));
  }
  return out;
}
}  // namespace

StoreReader StoreReader::open(const std::string& path, std::optional<MPI_Comm> comm) {
  refuse_segment_as_store(path);
  StoreReader reader(comm ? h5::File::open_read_parallel(path, *comm) : h5::File::open_read(path));
  reader.validate();
  return reader;
}

StoreReader StoreReader::open_segment(const std::string& path) {
  StoreReader reader(h5::File::open_read(path));
  reader.validate();
  return reader;
}

void StoreReader::validate() {
  const std::string& path = file_.path();
  if (!h5::has_attribute(file_, "format") || h5::get_string_attribute(file_, "format") != store::kFormatName)
    throw Error(exit_data, path + ": not a basketgap store (attribute 'format' is missing or wrong)");
  summary_.schema_version = h5::get_int_attribute(file_, "schema_version");
  if (summary_.schema_version != store::kStoreSchemaVersion &&
      summary_.schema_version != store::kSegmentedSchemaVersion)
    throw Error(exit_data, path + ": store schema version " + std::to_string(summary_.schema_version) +
                               ", this basketgap reads versions " +
                               std::to_string(store::kStoreSchemaVersion) + " and " +
                               std::to_string(store::kSegmentedSchemaVersion) + "; re-run ingest");
  // A segmented store's rows are in its segment files (io/store/segments).
  const bool rows_here = summary_.schema_version == store::kStoreSchemaVersion;
  for (const char* name : {store::kHousehold, store::kDay, store::kBasket, store::kProduct, store::kQuantity,
                           store::kSpend, store::kHouseholdId, store::kHouseholdOffset, store::kProductId}) {
    const bool a_row_column = std::string_view(name).starts_with("/transactions/");
    if ((rows_here || !a_row_column) && !h5::exists(file_, name))
      throw Error(exit_data, path + ": missing dataset " + name);
  }
  if (!rows_here && !h5::exists(file_, store::kBatchSegment))
    throw Error(exit_data,
                path + ": segmented store without dataset " + store::kBatchSegment + " (corrupt store)");
  summary_.rows = h5::get_int_attribute(file_, "rows");
  summary_.households = h5::get_int_attribute(file_, "households");
  summary_.products = h5::get_int_attribute(file_, "products");
  summary_.baskets = h5::get_int_attribute(file_, "baskets");
  summary_.min_day = h5::get_int_attribute(file_, "min_day");
  summary_.max_day = h5::get_int_attribute(file_, "max_day");
  summary_.fingerprint = h5::get_string_attribute(file_, "fingerprint");
  summary_.attributes = read_all_attributes(file_);
  summary_.batches = read_batches(file_, summary_.attributes);
  summary_.store_version = summary_.batches.back().version;
  const auto rows = rows_here
                        ? h5::Dataset::open(file_, store::kHousehold).size()
                        : h5::Dataset::open(file_, store::kHouseholdOffset).read_all<std::int64_t>().back();
  const auto households = h5::Dataset::open(file_, store::kHouseholdId).size();
  if (static_cast<std::int64_t>(rows) != summary_.rows ||
      static_cast<std::int64_t>(households) != summary_.households)
    throw Error(exit_data, path + ": dataset sizes disagree with the attributes (corrupt store)");
  check_column_lengths();
}

// Every column of a table has the table's length (found by fuzzing: a damaged dataset header
// claiming 4 billion rows made households() allocate 17 GB before any read failed).
void StoreReader::check_column_lengths() const {
  const auto expect = [&](std::initializer_list<const char*> names, std::int64_t length) {
    for (const char* name : names) {
      if (!h5::exists(file_, name)) continue;  // a missing one is reported when it is read
      const h5::Dataset d = h5::Dataset::open(file_, name);
      if (d.dims().size() != 1 || static_cast<std::int64_t>(d.size()) != length)
        throw Error(exit_data, file_.path() + ": dataset " + name + " has " + std::to_string(d.size()) +
                                   " elements, expected " + std::to_string(length) + " (corrupt store)");
    }
  };
  expect({store::kBatch, store::kHousehold, store::kDay, store::kBasket, store::kProduct, store::kQuantity,
          store::kSpend, store::kBasketStart},
         summary_.rows);
  expect({store::kHouseholdId, store::kHouseholdBaskets, store::kHouseholdConsent,
          store::kHouseholdBirthMonth, store::kHouseholdType},
         summary_.households);
  expect({store::kHouseholdOffset}, summary_.households + 1);
  expect({store::kProductId, store::kProductDepartment, store::kProductCommodity, store::kProductSubCommodity,
          store::kProductBrand},
         summary_.products);
  const auto length_of = [&](const char* id) {
    return h5::exists(file_, id) ? static_cast<std::int64_t>(h5::Dataset::open(file_, id).size()) : 0;
  };
  expect({store::kCatalogProductDepartment, store::kCatalogProductCommodity,
          store::kCatalogProductSubCommodity, store::kCatalogProductBrand},
         length_of(store::kCatalogProductId));
  expect({store::kCatalogHouseholdConsent, store::kCatalogHouseholdBirthMonth, store::kCatalogHouseholdType},
         length_of(store::kCatalogHouseholdId));
}

CodedColumn StoreReader::read_coded(const char* codes, const char* names) const {
  CodedColumn c;
  c.codes = h5::Dataset::open(file_, codes).read_all<std::int32_t>();
  c.names = h5::Dataset::open(file_, names).read_strings();
  // A code names an entry of the names (or is -1, none): past them it would index nothing, or
  // size a table by a garbage value.
  for (std::size_t i = 0; i < c.codes.size(); ++i)
    if (c.codes[i] < -1 || c.codes[i] >= static_cast<std::int64_t>(c.names.size()))
      throw Error(exit_data, file_.path() + ": dataset " + codes + ": code " + std::to_string(c.codes[i]) +
                                 " at index " + std::to_string(i) + " names none of the " +
                                 std::to_string(c.names.size()) + " entries of " + names +
                                 " (corrupt store)");
  return c;
}

HouseholdTable StoreReader::households() const {
  HouseholdTable t = read_household_columns(store::kHouseholds);
  t.offset = h5::Dataset::open(file_, store::kHouseholdOffset).read_all<std::int64_t>();
  t.baskets = h5::Dataset::open(file_, store::kHouseholdBaskets).read_all<std::int32_t>();
  if (t.offset.size() != t.id.size() + 1 || (!t.offset.empty() && t.offset.back() != summary_.rows))
    throw Error(exit_data, file_.path() + ": dataset " + store::kHouseholdOffset +
                               " does not match the transactions (corrupt store)");
  // A household's rows are offset[h] .. offset[h+1]: out of order, households would read
  // each other's rows; ids out of order or twice would give one household two lists.
  if (!t.offset.empty() && t.offset.front() != 0)
    throw Error(exit_data, file_.path() + ": dataset " + store::kHouseholdOffset +
                               " does not start at row 0 (corrupt store)");
  if (const auto at = std::adjacent_find(t.offset.begin(), t.offset.end(), std::greater<>());
      at != t.offset.end())
    throw Error(exit_data, fmt::format("{}: dataset {} decreases at household index {} (corrupt store)",
                                       file_.path(), store::kHouseholdOffset, at - t.offset.begin()));
  if (const auto at = std::adjacent_find(t.id.begin(), t.id.end(), std::greater_equal<>()); at != t.id.end())
    throw Error(exit_data, fmt::format("{}: dataset /households/id is not strictly ascending at index {} "
                                       "(id {} then {}; corrupt store)",
                                       file_.path(), at - t.id.begin(), *at, *(at + 1)));
  return t;
}

ProductTable StoreReader::products() const { return read_product_columns(store::kProducts); }

CatalogTables StoreReader::catalog() const {
  CatalogTables c;
  if (h5::exists(file_, store::kCatalogProductId)) c.products = read_product_columns(store::kCatalogProducts);
  if (h5::exists(file_, store::kCatalogHouseholdId))
    c.households = read_household_columns(store::kCatalogHouseholds);
  return c;
}

HouseholdTable StoreReader::read_household_columns(const store::HouseholdDatasets& at) const {
  HouseholdTable t;
  t.id = h5::Dataset::open(file_, at.id).read_all<std::int64_t>();
  t.consent = h5::Dataset::open(file_, at.consent).read_all<std::int8_t>();
  t.birth_month = h5::Dataset::open(file_, at.birth_month).read_all<std::int8_t>();
  t.type = read_coded(at.type, at.type_names);
  return t;
}

ProductTable StoreReader::read_product_columns(const store::ProductDatasets& at) const {
  ProductTable t;
  t.id = h5::Dataset::open(file_, at.id).read_all<std::int64_t>();
  t.department = read_coded(at.department, at.department_names);
  t.commodity = read_coded(at.commodity, at.commodity_names);
  t.sub_commodity = read_coded(at.sub_commodity, at.sub_commodity_names);
  t.brand = read_coded(at.brand, at.brand_names);
  return t;
}

// Compressed chunks fetched on this thread, inflated by oneTBB tasks (io/hdf5/parallel_read):
// several times faster than HDF5's own one-thread zlib filter.
template <typename T>
std::vector<T> StoreReader::read_column(const char* name, std::int64_t first_row,
                                        std::int64_t row_count) const {
  std::vector<T> out(static_cast<std::size_t>(row_count));
  h5::decode_rows<T>(h5::fetch_rows<T>(h5::Dataset::open(file_, name), static_cast<hsize_t>(first_row),
                                       static_cast<hsize_t>(row_count)),
                     out);
  return out;
}

TransactionColumns StoreReader::read_rows(std::int64_t first_row, std::int64_t row_count) const {
  if (segmented())
    throw Error(exit_internal, file_.path() + ": rows of a segmented store are read from its segments");
  TransactionColumns c;
  c.household = read_column<std::int32_t>(store::kHousehold, first_row, row_count);
  c.day = read_column<std::int32_t>(store::kDay, first_row, row_count);
  c.basket = read_column<std::int64_t>(store::kBasket, first_row, row_count);
  c.product = read_column<std::int32_t>(store::kProduct, first_row, row_count);
  c.quantity = read_column<float>(store::kQuantity, first_row, row_count);
  c.spend = read_column<float>(store::kSpend, first_row, row_count);
  c.batch = read_row_batches(first_row, row_count);
  return c;
}

void StoreReader::pin(std::int64_t version) {
  const std::int64_t last = summary_.batches.back().version;
  if (version < 1 || version > last)
    throw Error(exit_usage, file_.path() + ": no store version " + std::to_string(version) + " (versions 1-" +
                                std::to_string(last) + ")");
  // `compact` keeps the rows visible at its version only: a batch retracted before it has lost
  // its rows, and a version that held them cannot be read as it was (its coupons would differ
  // from that night's, with nothing said).
  for (const BatchRecord& b : summary_.batches)
    if (b.retracted_in > 0 && b.rows > 0 && b.segment.empty() && b.visible_at(version))
      throw Error(
          exit_data,
          fmt::format("{}: version {} held the {} rows of version {} ({}), retracted in version {} and "
                      "removed by a compact since: version {} cannot be read as it was; read a version "
                      "before {} or from {} on",
                      file_.path(), version, b.rows, b.version, b.source, b.retracted_in, version, b.version,
                      b.retracted_in));
  summary_.store_version = version;
  const BatchRecord& pinned = summary_.batches[static_cast<std::size_t>(version - 1)];
  summary_.fingerprint = pinned.fingerprint;
  summary_.max_day = last_covered_day(summary_.batches, version, summary_.min_day);
}

std::vector<std::int32_t> StoreReader::read_row_batches(std::int64_t first_row,
                                                        std::int64_t row_count) const {
  if (!has_batch_column()) return std::vector<std::int32_t>(static_cast<std::size_t>(row_count), 1);
  return read_column<std::int32_t>(store::kBatch, first_row, row_count);
}

std::vector<float> StoreReader::read_quantity_rows(std::int64_t first_row, std::int64_t row_count) const {
  return read_column<float>(store::kQuantity, first_row, row_count);
}

std::vector<float> StoreReader::read_spend_rows(std::int64_t first_row, std::int64_t row_count) const {
  return read_column<float>(store::kSpend, first_row, row_count);
}

bool StoreReader::has_batch_column() const { return h5::exists(file_, store::kBatch); }

bool StoreReader::has_basket_start_column() const { return h5::exists(file_, store::kBasketStart); }

FetchedHistory StoreReader::fetch_history_rows(std::int64_t first_row, std::int64_t row_count,
                                               const HistoryColumns& columns) const {
  const auto first = static_cast<hsize_t>(first_row);
  const auto count = static_cast<hsize_t>(row_count);
  FetchedHistory f;
  f.day = h5::fetch_rows<std::int32_t>(h5::Dataset::open(file_, store::kDay), first, count);
  f.with_basket_start = columns.basket_starts && has_basket_start_column();
  if (f.with_basket_start)
    f.basket_start =
        h5::fetch_rows<std::uint8_t>(h5::Dataset::open(file_, store::kBasketStart), first, count);
  else
    f.basket = h5::fetch_rows<std::int64_t>(h5::Dataset::open(file_, store::kBasket), first, count);
  f.product = h5::fetch_rows<std::int32_t>(h5::Dataset::open(file_, store::kProduct), first, count);
  f.with_spend = columns.spend;
  if (f.with_spend) f.spend = h5::fetch_rows<float>(h5::Dataset::open(file_, store::kSpend), first, count);
  f.with_quantity = columns.quantity;
  if (f.with_quantity)
    f.quantity = h5::fetch_rows<float>(h5::Dataset::open(file_, store::kQuantity), first, count);
  f.with_batch = columns.batch && has_batch_column();
  if (f.with_batch)
    f.batch = h5::fetch_rows<std::int32_t>(h5::Dataset::open(file_, store::kBatch), first, count);
  return f;
}

void decode_history_rows(const FetchedHistory& fetched, TransactionColumns& into) {
  const auto decode = [&]<typename T>(const h5::FetchedRows& rows, std::vector<T>& out) {
    out.resize(static_cast<std::size_t>(rows.count));
    h5::decode_rows<T>(rows, out);
  };
  decode(fetched.day, into.day);
  if (fetched.with_basket_start)
    decode(fetched.basket_start, into.basket_start);
  else
    decode(fetched.basket, into.basket);
  decode(fetched.product, into.product);
  if (fetched.with_spend) decode(fetched.spend, into.spend);
  if (fetched.with_batch) decode(fetched.batch, into.batch);
  if (fetched.with_quantity) decode(fetched.quantity, into.quantity);
}

void check_product_indices(const TransactionColumns& rows, std::int64_t products, const std::string& path,
                           std::int64_t first_row) {
  const auto limit = static_cast<std::uint64_t>(std::max<std::int64_t>(products, 0));
  bool any_outside = false;  // one vectorised pass; the row is looked for only on failure
  for (std::int32_t p : rows.product)
    any_outside |= static_cast<std::uint64_t>(static_cast<std::int64_t>(p)) >= limit;
  if (!any_outside) return;
  for (std::size_t i = 0; i < rows.product.size(); ++i)
    if (static_cast<std::uint64_t>(static_cast<std::int64_t>(rows.product[i])) >= limit)
      throw Error(exit_data, path + ": " + store::kProduct + " row " +
                                 std::to_string(first_row + static_cast<std::int64_t>(i)) +
                                 ": product index " + std::to_string(rows.product[i]) + " outside 0.." +
                                 std::to_string(products - 1) + " (corrupt store)");
}

}  // namespace basketgap::io
