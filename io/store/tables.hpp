// In-memory forms of the store's tables, shared by the writer (ingest) and the reader.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace basketgap::io {

// Whether a row opens a basket: its household's first row, or a basket id or day other than the
// row before's. A basket is a household's id on one day (a till may number its baskets again
// every day); rows are in store order (household, day, basket), so each basket is one run.
inline bool opens_basket(bool household_starts, std::int64_t basket, std::int32_t day,
                         std::int64_t previous_basket, std::int32_t previous_day) {
  return household_starts || basket != previous_basket || day != previous_day;
}

// A contiguous slice of the transactions table, one vector per column.
struct TransactionColumns {
  std::vector<std::int32_t> household;
  std::vector<std::int32_t> day;
  std::vector<std::int64_t> basket;
  std::vector<std::int32_t> product;
  std::vector<float> quantity;
  std::vector<float> spend;
  std::vector<std::int32_t> batch;  // the version that added the row
  // 1 where the row opens a basket (store::kBasketStart). From StoreReader::fetch_history_rows
  // with basket starts (which leaves `basket` empty); given to the writer by a caller whose
  // rows may start inside a household, else derived by it.
  std::vector<std::uint8_t> basket_start;

  std::size_t size() const { return household.size(); }
  void reserve(std::size_t n);
  void clear();
};

// A dictionary-encoded text column: codes index `names`; -1 = unknown.
struct CodedColumn {
  std::vector<std::int32_t> codes;
  std::vector<std::string> names;
};

struct HouseholdTable {
  std::vector<std::int64_t> id;          // external ids, ascending
  std::vector<std::int64_t> offset;      // id.size() + 1 CSR offsets into the transactions
  std::vector<std::int32_t> baskets;     // distinct baskets per household
  std::vector<std::int8_t> consent;      // -1 unknown, 0 no, 1 yes
  std::vector<std::int8_t> birth_month;  // 0 unknown, 1..12
  CodedColumn type;                      // household composition (e.g. "2 Adults Kids")
};

struct ProductTable {
  std::vector<std::int64_t> id;  // external ids, ascending
  CodedColumn department, commodity, sub_commodity, brand;
};

// What the products and households files said about ids with no rows in the store, kept so
// that an append which first sees such an id describes it as a one-shot ingest would.
struct CatalogTables {
  ProductTable products;
  HouseholdTable households;  // offset and baskets empty: no rows
};

// Root attributes, written in this order.
using AttributeValue = std::variant<std::int64_t, std::string>;
using Attributes = std::vector<std::pair<std::string, AttributeValue>>;

}  // namespace basketgap::io
