// libFuzzer target: the transactions CSV path of ingest. The first line is the header (the
// dunnhumby one when it does not resolve); every other line goes through split_csv_line and
// parse_transaction_line. Also checks that csv_join of split fields splits back to them, and that
// the padded path (the line followed by 64 bytes, here the input's next ones) decides each line
// as parse_transaction_line does, with the same values.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "io/csv/csv.hpp"
#include "io/csv/transaction_schema.hpp"
#include "io/errors.hpp"

namespace {

using namespace basketgap::io;

constexpr std::string_view kDunnhumbyHeader =
    "household_key,BASKET_ID,DAY,PRODUCT_ID,QUANTITY,SALES_VALUE,STORE_ID,RETAIL_DISC,TRANS_TIME,"
    "WEEK_NO,COUPON_DISC,COUPON_MATCH_DISC";

ResolvedSchema schema_for(std::string_view header, bool iso) {
  ColumnMapping mapping;
  if (iso) {
    mapping.day_format = DayFormat::iso_date;
    mapping.day_origin = "2020-02-29";
  }
  try {
    return resolve_schema(header, mapping, "fuzz.csv");
  } catch (const basketgap::Error&) {
    return resolve_schema(kDunnhumbyHeader, mapping, "fuzz.csv");
  }
}

void check_round_trip(const std::vector<std::string_view>& fields) {
  std::vector<std::string> owned(fields.begin(), fields.end());
  for (const auto& f : owned)
    if (f.find('\n') != std::string::npos) return;  // a line never holds LF
  const std::string joined = csv_join(owned);
  std::vector<std::string_view> again;
  std::string scratch;
  ParseError error;
  if (!split_csv_line(joined, again, scratch, error) || again.size() != owned.size()) __builtin_trap();
  for (std::size_t i = 0; i < owned.size(); ++i)
    if (again[i] != owned[i]) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t eol = input.find('\n');
  const std::string_view header = input.substr(0, eol);
  const ResolvedSchema schema = schema_for(header, size > 0 && (data[0] & 1));
  std::vector<std::string_view> fields;
  std::string scratch;
  std::size_t pos = eol == std::string_view::npos ? input.size() : eol + 1;
  while (pos < input.size()) {
    std::size_t end = input.find('\n', pos);
    if (end == std::string_view::npos) end = input.size();
    const std::string_view line = input.substr(pos, end - pos);
    ParseError error;
    if (split_csv_line(line, fields, scratch, error)) check_round_trip(fields);
    TransactionRow row, padded_row;
    ParseError row_error, padded_error;
    const bool ok = parse_transaction_line(line, schema, row, row_error);
    std::string padded(line);
    const std::string_view after = input.substr(std::min(end, input.size()));
    padded.append(after.substr(0, 64)).append(64 - std::min<std::size_t>(after.size(), 64), ',');
    if (parse_padded_transaction_line(std::string_view(padded).substr(0, line.size()), schema, padded_row,
                                      padded_error) != ok)
      __builtin_trap();
    if (ok ? (row.household != padded_row.household || row.basket != padded_row.basket ||
              row.day != padded_row.day || row.product != padded_row.product ||
              row.quantity != padded_row.quantity || row.spend != padded_row.spend)
           : (row_error.reason != padded_error.reason || row_error.column != padded_error.column))
      __builtin_trap();
    pos = end + 1;
  }
  return 0;
}
