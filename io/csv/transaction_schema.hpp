// How the columns of a transactions CSV map to a TransactionRow: the dunnhumby native schema
// out of the box, or a generic schema whose column names and day format come from the config.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "io/csv/transaction_row.hpp"

namespace basketgap::io {

enum class DayFormat {
  day_number,  // an integer day number, 1 = first day (dunnhumby DAY)
  iso_date,    // YYYY-MM-DD, converted to a day number relative to `day_origin`
};

// Column names as the user writes them in the config ([ingest.columns] in the TOML file).
struct ColumnMapping {
  std::string household = "household_key";
  std::string basket = "BASKET_ID";
  std::string day = "DAY";
  std::string product = "PRODUCT_ID";
  std::string quantity = "QUANTITY";  // optional in a generic file: empty name = always 1
  std::string spend = "SALES_VALUE";  // optional: empty name = always 0
  DayFormat day_format = DayFormat::day_number;
  std::string day_origin = "";  // for iso_date: the date that is day 1, YYYY-MM-DD

  static ColumnMapping dunnhumby() { return {}; }
};

// A mapping resolved against the header line of one file: column positions (0-based).
struct ResolvedSchema {
  int household = -1, basket = -1, day = -1, product = -1, quantity = -1, spend = -1;
  int column_count = 0;
  DayFormat day_format = DayFormat::day_number;
  int origin_days_since_epoch = 0;  // day 1 for iso_date
  // The header, trimmed: error messages name the column.
  std::vector<std::string> column_names;
};

// Throws InputError (io/errors.hpp) naming `file` line 1 when a mapped column is missing,
// UsageError when iso_date comes without a valid day_origin.
ResolvedSchema resolve_schema(std::string_view header_line, const ColumnMapping& mapping,
                              const std::string& file);

// Parses one data line (without its line terminator). Returns false and fills `error`
// when the line cannot become a purchase; quantity <= 0 yields RejectReason::return_line.
// Allocation-free on good lines (per-thread buffers), safe to call from several threads.
// For return_line, `row` is filled completely: the line is valid otherwise.
bool parse_transaction_line(std::string_view line, const ResolvedSchema& schema, TransactionRow& row,
                            ParseError& error);
// The same, for a line followed by at least 64 readable bytes (LineRangeReader's lines): its
// fast path loads whole vectors across the line's end (io/csv/transaction_padded_path).
bool parse_padded_transaction_line(std::string_view line, const ResolvedSchema& schema, TransactionRow& row,
                                   ParseError& error);

namespace detail {
// The general path alone (fields split with quotes and spaces handled, every reject worded);
// parse_transaction_line tries the fast path of io/csv/transaction_fast_path.hpp first.
bool parse_general_transaction_line(std::string_view line, const ResolvedSchema& schema, TransactionRow& row,
                                    ParseError& error);
}  // namespace detail

// Days since 1970-01-01 of a YYYY-MM-DD date; false for another format or an impossible date.
bool parse_iso_date(std::string_view text, int& days_since_epoch);

// Largest accepted day number: about 270 years of daily data.
constexpr std::int32_t kMaxDay = 100000;

}  // namespace basketgap::io
