// Records that travel between the passes of `ingest` (spill files, MPI messages).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "io/csv/transaction_row.hpp"

namespace basketgap::ingest {

// A valid row as parsed, external ids; `line` is the line number within this rank's range.
struct ParsedRecord {
  std::int64_t household, basket, product, line;
  std::int32_t day;
  float quantity, spend;
  std::int32_t batch = 0;  // the version that added a stored row; 0 = the file being read
};

// A row after dictionary encoding, routed to the rank that owns its household.
// `line` is the global line number in the input file (tie-break and duplicate reports).
struct DenseRecord {
  std::int64_t basket, line;
  std::int32_t household, day, product;
  float quantity, spend;
  std::int32_t batch = 0;  // the version that added the row (fills the padding: sent as bytes)
};

// A kept row between the sort and write passes: the stored fields but the household, which
// the write pass gets back from the rows per household (32 bytes to spill instead of 40).
struct SortedRecord {
  std::int64_t basket;
  std::int32_t day, product;
  float quantity, spend;
  std::int32_t batch;
  std::int32_t unused = 0;  // explicit padding: spill files encode every byte
};

// Store order: household, day, basket, product, then the values, then the input line (stored
// rows re-read by `append` have negative lines: an older copy of a purchase is the one kept).
inline bool store_order(const DenseRecord& a, const DenseRecord& b) {
  if (a.household != b.household) return a.household < b.household;
  if (a.day != b.day) return a.day < b.day;
  if (a.basket != b.basket) return a.basket < b.basket;
  if (a.product != b.product) return a.product < b.product;
  if (a.quantity != b.quantity) return a.quantity < b.quantity;
  if (a.spend != b.spend) return a.spend < b.spend;
  return a.line < b.line;
}

// Same purchase: every stored field equal (the line differs).
inline bool same_purchase(const DenseRecord& a, const DenseRecord& b) {
  return a.household == b.household && a.day == b.day && a.basket == b.basket && a.product == b.product &&
         a.quantity == b.quantity && a.spend == b.spend;
}

struct IdCount {
  std::int64_t id;
  std::int64_t count;
};

// A line dropped as the exact repeat of an earlier one.
struct DuplicateLine {
  std::int64_t line;        // the repeat (dropped)
  std::int64_t first_line;  // the copy that was kept
};

// A line that did not become a purchase, for the rejects file.
struct RejectEntry {
  std::int64_t line = 0;  // rank-local until globalised, then the file's line number
  int column = 0;
  io::RejectReason reason = io::RejectReason::malformed_line;
  std::string message;
  std::string text;  // the raw line, truncated
};

}  // namespace basketgap::ingest
