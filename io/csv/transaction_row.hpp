// One purchase line as read from a transactions CSV, before dictionary encoding.
#pragma once

#include <cstdint>
#include <string>

namespace basketgap::io {

struct TransactionRow {
  std::int64_t household = 0;  // external household id
  std::int64_t basket = 0;     // external basket id
  std::int64_t product = 0;    // external product id
  std::int32_t day = 0;        // day number (1 = first day of the data)
  float quantity = 0;
  float spend = 0;  // sales value in the currency of the source
};

// Why a line did not become a purchase. The names are written to the rejects file and are
// part of the documented contract (docs/FORMATS.md).
enum class RejectReason : std::uint8_t {
  malformed_line,  // unterminated or stray quote, embedded NUL, invalid UTF-8 ...
  column_count,    // not as many fields as the header
  empty_field,     // a required field is empty
  not_a_number,    // a numeric field does not parse
  out_of_range,    // a number outside the range of its column (e.g. negative id)
  bad_day,         // a day/date field in an unknown format or an impossible date
  return_line,     // quantity <= 0: a return or a correction, not a purchase (not budgeted)
  duplicate_line,  // the exact same purchase as an earlier line (not budgeted)
};

const char* reject_reason_name(RejectReason reason);

// Returns and duplicates are defined treatments of valid data; they do not use the budget.
inline bool counts_against_budget(RejectReason reason) {
  return reason != RejectReason::return_line && reason != RejectReason::duplicate_line;
}

struct ParseError {
  RejectReason reason = RejectReason::malformed_line;
  int column = 0;  // 1-based column of the offending field, 0 when it concerns the whole line
  std::string message;
};

}  // namespace basketgap::io
