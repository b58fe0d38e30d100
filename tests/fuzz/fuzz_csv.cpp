// libFuzzer target: the transactions CSV path of ingest. The first line is the header (the
// dunnhumby one when it does not resolve); every other line goes through split_csv_line and
// parse_transaction_line. Also checks that csv_join of split fields splits back to them.
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
    TransactionRow row;
    ParseError row_error;
    parse_transaction_line(line, schema, row, row_error);
    pos = end + 1;
  }
  return 0;
}
