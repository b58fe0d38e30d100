#include <gtest/gtest.h>

#include <charconv>
#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "io/csv/line_reader.hpp"
#include "io/csv/transaction_fast_path.hpp"
#include "io/csv/transaction_schema.hpp"
#include "io/errors.hpp"
#include "tests/unit/iso_mapping.hpp"

using namespace basketgap::io;
using basketgap::InputError;
using basketgap::UsageError;
using basketgap::test::iso_mapping;

namespace {

const char* const kDunnhumbyHeader =
    "household_key,BASKET_ID,DAY,PRODUCT_ID,QUANTITY,SALES_VALUE,STORE_ID,RETAIL_DISC,"
    "TRANS_TIME,WEEK_NO,COUPON_DISC,COUPON_MATCH_DISC";

ResolvedSchema dunnhumby() { return resolve_schema(kDunnhumbyHeader, ColumnMapping::dunnhumby(), "t.csv"); }

ParseError reject_of(std::string_view line, const ResolvedSchema& schema) {
  TransactionRow row;
  ParseError error;
  EXPECT_FALSE(parse_transaction_line(line, schema, row, error)) << line;
  return error;
}

// The dunnhumby weeks 96-98 line with one field replaced.
std::string line_with(int column, const std::string& value) {
  std::vector<std::string> fields{"1340", "41652823310", "664", "912987", "1",   "8.49",
                                  "446",  "0.0",         "52",  "96",     "0.0", "0.0"};
  fields[column - 1] = value;
  std::string line;
  for (std::size_t i = 0; i < fields.size(); ++i) line += (i ? "," : "") + fields[i];
  return line;
}

std::string data_file(const std::string& name) {
  return std::string(BASKETGAP_TEST_DATA_DIR) + "/bad/" + name;
}

using Expected = std::map<int, std::pair<RejectReason, int>>;  // line -> (reason, column)

// Parses every data line of a corpus file and checks it against `expected`.
void check_corpus(const std::string& name, const ColumnMapping& mapping, const Expected& expected,
                  int data_lines) {
  SCOPED_TRACE(name);
  const std::string path = data_file(name);
  const ResolvedSchema schema = resolve_schema(read_first_line(path), mapping, path);
  LineRangeReader reader(path, ByteRange{0, file_size(path)});
  std::string_view line;
  ASSERT_TRUE(reader.next(line));  // header
  int number = 1;
  while (reader.next(line)) {
    ++number;
    TransactionRow row;
    ParseError error;
    const bool ok = parse_transaction_line(line, schema, row, error);
    const auto it = expected.find(number);
    if (it == expected.end()) {
      EXPECT_TRUE(ok) << "line " << number << ": " << error.message;
    } else {
      EXPECT_FALSE(ok) << "line " << number;
      EXPECT_EQ(reject_reason_name(error.reason), std::string(reject_reason_name(it->second.first)))
          << "line " << number << ": " << error.message;
      EXPECT_EQ(error.column, it->second.second) << "line " << number << ": " << error.message;
    }
  }
  EXPECT_EQ(number - 1, data_lines);
}

}  // namespace

TEST(TransactionSchema, ResolvesTheDunnhumbyHeader) {
  const ResolvedSchema s = dunnhumby();
  EXPECT_EQ(s.household, 0);
  EXPECT_EQ(s.basket, 1);
  EXPECT_EQ(s.day, 2);
  EXPECT_EQ(s.product, 3);
  EXPECT_EQ(s.quantity, 4);
  EXPECT_EQ(s.spend, 5);
  EXPECT_EQ(s.column_count, 12);
}

TEST(TransactionSchema, HeaderTrimsSpacesAndBomAndIgnoresCase) {
  const ResolvedSchema s = resolve_schema(
      "\xEF\xBB\xBF"
      "Household_Key , basket_id,day,product_id,QUANTITY,SALES_VALUE\r",
      ColumnMapping::dunnhumby(), "t.csv");
  EXPECT_EQ(s.household, 0);
  EXPECT_EQ(s.basket, 1);
  EXPECT_EQ(s.day, 2);
  EXPECT_EQ(s.product, 3);
  EXPECT_EQ(s.column_count, 6);
}

TEST(TransactionSchema, MissingColumnNamesFileAndHeader) {
  try {
    resolve_schema("household_key,BASKET_ID,PRODUCT_ID", ColumnMapping::dunnhumby(), "tx.csv");
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              "tx.csv:1: missing column 'DAY' (header has: household_key, BASKET_ID, PRODUCT_ID)");
  }
  EXPECT_THROW(resolve_schema("a,\"b", ColumnMapping::dunnhumby(), "tx.csv"), InputError);
}

TEST(TransactionSchema, TwoRolesCannotReadOneColumn) {
  ColumnMapping m = ColumnMapping::dunnhumby();
  m.basket = "DAY";  // a copy-paste slip in [ingest.columns]
  try {
    resolve_schema(kDunnhumbyHeader, m, "tx.csv");
    FAIL() << "expected UsageError";
  } catch (const UsageError& e) {
    EXPECT_EQ(
        std::string(e.what()),
        "[ingest.columns]: basket and day both read column 'DAY' of tx.csv: each role needs its own column");
  }
  m = ColumnMapping::dunnhumby();
  m.spend = "QUANTITY";
  EXPECT_THROW(resolve_schema(kDunnhumbyHeader, m, "tx.csv"), UsageError);
}

TEST(TransactionSchema, OptionalColumnsUnmapped) {
  ColumnMapping m;
  m.household = "h";
  m.basket = "b";
  m.day = "d";
  m.product = "p";
  m.quantity = "";
  m.spend = "";
  const ResolvedSchema s = resolve_schema("p,d,b,h", m, "t.csv");
  EXPECT_EQ(s.quantity, -1);
  EXPECT_EQ(s.spend, -1);
  TransactionRow row;
  ParseError error;
  ASSERT_TRUE(parse_transaction_line("7,12,300,4", s, row, error)) << error.message;
  EXPECT_EQ(row.household, 4);
  EXPECT_EQ(row.basket, 300);
  EXPECT_EQ(row.day, 12);
  EXPECT_EQ(row.product, 7);
  EXPECT_EQ(row.quantity, 1.0f);
  EXPECT_EQ(row.spend, 0.0f);
}

TEST(TransactionSchema, IsoDateNeedsAValidOrigin) {
  ColumnMapping m = iso_mapping();
  m.day_origin = "";
  EXPECT_THROW(resolve_schema("customer,order,date,sku,qty,amount", m, "t.csv"), UsageError);
  m.day_origin = "2021-02-29";
  EXPECT_THROW(resolve_schema("customer,order,date,sku,qty,amount", m, "t.csv"), UsageError);
}

TEST(TransactionSchema, ParsesAGoodLine) {
  TransactionRow row;
  ParseError error;
  ASSERT_TRUE(parse_transaction_line("1340,41652823310,664,912987,1,8.49,446,0.0,52,96,0.0,0.0\r",
                                     dunnhumby(), row, error));
  EXPECT_EQ(row.household, 1340);
  EXPECT_EQ(row.basket, 41652823310);
  EXPECT_EQ(row.day, 664);
  EXPECT_EQ(row.product, 912987);
  EXPECT_EQ(row.quantity, 1.0f);
  EXPECT_EQ(row.spend, 8.49f);
}

TEST(TransactionSchema, DecimalsAndSpaces) {
  const ResolvedSchema s = dunnhumby();
  TransactionRow row;
  ParseError error;
  ASSERT_TRUE(parse_transaction_line(line_with(5, "1.0"), s, row, error));
  EXPECT_EQ(row.quantity, 1.0f);
  ASSERT_TRUE(parse_transaction_line(line_with(5, " 3 "), s, row, error));
  EXPECT_EQ(row.quantity, 3.0f);
  ASSERT_TRUE(parse_transaction_line(line_with(6, "-2"), s, row, error));  // a negative spend
  EXPECT_EQ(row.spend, -2.0f);
  ASSERT_TRUE(parse_transaction_line(line_with(1, "\"1340\""), s, row, error));
  EXPECT_EQ(row.household, 1340);
}

TEST(TransactionSchema, DecimalsMatchFromChars) {
  // The fast decimal path must give the value std::from_chars gives.
  const ResolvedSchema s = dunnhumby();
  std::vector<std::string> texts{"0.1",
                                 "8.49",
                                 "-3.10",
                                 "1.",
                                 "0.000000000000001",
                                 "999999999999999",
                                 "9999999999999999.5",
                                 "1e3",
                                 ".5",
                                 "123.456789012345678"};
  std::mt19937 rng(7);
  for (int i = 0; i < 2000; ++i)
    texts.push_back(std::to_string(rng() % 100000) + "." + std::to_string(rng() % 1000));
  for (const std::string& text : texts) {
    double expected = 0;
    std::from_chars(text.data(), text.data() + text.size(), expected);
    TransactionRow row;
    ParseError error;
    ASSERT_TRUE(parse_transaction_line(line_with(6, text), s, row, error)) << text;
    EXPECT_EQ(row.spend, static_cast<float>(expected)) << text;
  }
}

// A quantity or spend signed with '+' is the number ("+2" was rejected while "1e3" passed); a
// sign alone, or a sign before a sign, is no number; an id keeps no sign.
TEST(TransactionSchema, DecimalsMayCarryAPlusSign) {
  const ResolvedSchema s = dunnhumby();
  TransactionRow row;
  ParseError error;
  const struct {
    int column;  // 5 quantity, 6 spend
    const char* text;
    float value;
  } signed_values[] = {{5, "+2", 2.0f}, {6, "+.5", 0.5f}, {6, "+1e1", 10.0f}};
  for (const auto& v : signed_values) {
    ASSERT_TRUE(parse_transaction_line(line_with(v.column, v.text), s, row, error)) << v.text;
    EXPECT_EQ(v.column == 5 ? row.quantity : row.spend, v.value) << v.text;
  }
  for (const char* junk : {"+", "+-2", "++2", "+x"})
    EXPECT_EQ(reject_of(line_with(6, junk), s).reason, RejectReason::not_a_number) << junk;
  EXPECT_EQ(reject_of(line_with(1, "+1340"), s).reason, RejectReason::not_a_number);
}

TEST(TransactionSchema, LargeIds) {
  const ResolvedSchema s = dunnhumby();
  TransactionRow row;
  ParseError error;
  ASSERT_TRUE(parse_transaction_line(line_with(2, "9223372036854775807"), s, row, error));
  EXPECT_EQ(row.basket, INT64_MAX);
  const ParseError e = reject_of(line_with(2, "9223372036854775808"), s);
  EXPECT_EQ(e.reason, RejectReason::out_of_range);
  EXPECT_EQ(e.column, 2);
}

TEST(TransactionSchema, EveryRejectReasonWithItsColumn) {
  const ResolvedSchema s = dunnhumby();
  ParseError e = reject_of("1340,\"4165", s);
  EXPECT_EQ(e.reason, RejectReason::malformed_line);
  EXPECT_EQ(e.column, 2);
  EXPECT_EQ(e.message, "column 2 (BASKET_ID): unterminated quoted field");

  e = reject_of("1340,41652823310,664", s);
  EXPECT_EQ(e.reason, RejectReason::column_count);
  EXPECT_EQ(e.column, 0);
  EXPECT_EQ(e.message, "3 fields, the header has 12");

  e = reject_of(line_with(4, ""), s);
  EXPECT_EQ(e.reason, RejectReason::empty_field);
  EXPECT_EQ(e.column, 4);
  EXPECT_EQ(e.message, "column 4 (PRODUCT_ID): empty");

  e = reject_of(line_with(2, "12ab"), s);
  EXPECT_EQ(e.reason, RejectReason::not_a_number);
  EXPECT_EQ(e.column, 2);
  EXPECT_EQ(e.message, "column 2 (BASKET_ID): '12ab' is not a number");

  e = reject_of(line_with(3, "x1"), s);
  EXPECT_EQ(e.reason, RejectReason::not_a_number);
  EXPECT_EQ(e.column, 3);
  EXPECT_EQ(e.message, "column 3 (DAY): 'x1' is not a day number");

  e = reject_of(line_with(6, "8,49"), s);  // a decimal comma splits the line
  EXPECT_EQ(e.reason, RejectReason::column_count);

  e = reject_of(line_with(1, "-7"), s);
  EXPECT_EQ(e.reason, RejectReason::out_of_range);
  EXPECT_EQ(e.column, 1);
  EXPECT_EQ(e.message, "column 1 (household_key): '-7' is negative");

  e = reject_of(line_with(3, "100001"), s);
  EXPECT_EQ(e.reason, RejectReason::out_of_range);
  EXPECT_EQ(e.column, 3);

  e = reject_of(line_with(3, "12.5"), s);
  EXPECT_EQ(e.reason, RejectReason::bad_day);
  EXPECT_EQ(e.column, 3);
  EXPECT_EQ(e.message, "column 3 (DAY): '12.5' is not a whole day number");

  e = reject_of(line_with(5, "-1"), s);
  EXPECT_EQ(e.reason, RejectReason::return_line);
  EXPECT_EQ(e.column, 5);
  EXPECT_EQ(e.message, "column 5 (QUANTITY): quantity '-1' <= 0 (a return or a correction)");
}

TEST(TransactionSchema, ReturnLineIsParsedOtherwise) {
  TransactionRow row;
  ParseError error;
  EXPECT_FALSE(parse_transaction_line(line_with(5, "0"), dunnhumby(), row, error));
  EXPECT_EQ(error.reason, RejectReason::return_line);
  EXPECT_EQ(row.household, 1340);
  EXPECT_EQ(row.product, 912987);
  EXPECT_EQ(row.quantity, 0.0f);
  EXPECT_EQ(row.spend, 8.49f);
}

TEST(TransactionSchema, LongOffendingTextIsTruncated) {
  const std::string junk(100, 'q');
  const ParseError e = reject_of(line_with(4, junk), dunnhumby());
  EXPECT_EQ(e.message, "column 4 (PRODUCT_ID): '" + junk.substr(0, 40) + "...' is not a number");
}

TEST(TransactionSchema, IsoDates) {
  int days = 0;
  ASSERT_TRUE(parse_iso_date("1970-01-02", days));
  EXPECT_EQ(days, 1);
  EXPECT_TRUE(parse_iso_date("2020-02-29", days));
  EXPECT_FALSE(parse_iso_date("2021-02-29", days));
  EXPECT_TRUE(parse_iso_date("2000-02-29", days));   // divisible by 400
  EXPECT_FALSE(parse_iso_date("1900-02-29", days));  // divisible by 100
  EXPECT_FALSE(parse_iso_date("2020-00-10", days));
  EXPECT_FALSE(parse_iso_date("2020-01-00", days));
  EXPECT_FALSE(parse_iso_date("2020-1-10", days));
  EXPECT_FALSE(parse_iso_date("2020-01-1x", days));
  EXPECT_FALSE(parse_iso_date("+020-01-10", days));

  const ResolvedSchema s = resolve_schema("customer,order,date,sku,qty,amount", iso_mapping(), "t");
  TransactionRow row;
  ParseError error;
  ASSERT_TRUE(parse_transaction_line("1,2,2020-01-01,3,1,1", s, row, error));
  EXPECT_EQ(row.day, 1);
  ASSERT_TRUE(parse_transaction_line("1,2,2020-02-29,3,1,1", s, row, error));
  EXPECT_EQ(row.day, 60);
  ASSERT_TRUE(parse_transaction_line("1,2,2020-12-31,3,1,1", s, row, error));
  EXPECT_EQ(row.day, 366);
  const ParseError e = reject_of("1,2,2021-02-29,3,1,1", s);
  EXPECT_EQ(e.reason, RejectReason::bad_day);
  EXPECT_EQ(e.column, 3);
  EXPECT_EQ(e.message, "column 3 (date): '2021-02-29' is not a valid YYYY-MM-DD date");
  EXPECT_EQ(reject_of("1,2,2019-12-31,3,1,1", s).reason, RejectReason::bad_day);
}

TEST(TransactionSchema, CorpusMalformedQuote) {
  check_corpus("malformed_quote.csv", ColumnMapping::dunnhumby(),
               {{3, {RejectReason::malformed_line, 4}},
                {5, {RejectReason::malformed_line, 4}},
                {6, {RejectReason::malformed_line, 2}}},
               6);
}

TEST(TransactionSchema, CorpusColumnCount) {
  check_corpus("column_count.csv", ColumnMapping::dunnhumby(),
               {{3, {RejectReason::column_count, 0}},
                {4, {RejectReason::column_count, 0}},
                {5, {RejectReason::column_count, 0}},
                {6, {RejectReason::column_count, 0}}},
               5);
}

TEST(TransactionSchema, CorpusNotANumber) {
  check_corpus("not_a_number.csv", ColumnMapping::dunnhumby(),
               {{2, {RejectReason::not_a_number, 1}},
                {3, {RejectReason::not_a_number, 2}},
                {4, {RejectReason::not_a_number, 3}},
                {5, {RejectReason::not_a_number, 4}},
                {6, {RejectReason::not_a_number, 5}},
                {7, {RejectReason::not_a_number, 6}},
                {9, {RejectReason::not_a_number, 6}}},
               8);
}

TEST(TransactionSchema, CorpusBadDayNumber) {
  check_corpus("bad_day_number.csv", ColumnMapping::dunnhumby(),
               {{3, {RejectReason::bad_day, 3}},
                {4, {RejectReason::bad_day, 3}},
                {5, {RejectReason::out_of_range, 3}}},
               4);
}

TEST(TransactionSchema, CorpusIsoDayFormat) {
  check_corpus("day_format_iso.csv", iso_mapping(),
               {{4, {RejectReason::bad_day, 3}},
                {5, {RejectReason::bad_day, 3}},
                {6, {RejectReason::bad_day, 3}},
                {7, {RejectReason::bad_day, 3}},
                {8, {RejectReason::bad_day, 3}},
                {9, {RejectReason::bad_day, 3}}},
               9);
}

TEST(TransactionSchema, CorpusDuplicatesAllParse) {
  check_corpus("duplicate_rows.csv", ColumnMapping::dunnhumby(), {}, 5);
}

TEST(TransactionSchema, CorpusReturnLines) {
  check_corpus("return_lines.csv", ColumnMapping::dunnhumby(),
               {{3, {RejectReason::return_line, 5}},
                {4, {RejectReason::return_line, 5}},
                {5, {RejectReason::return_line, 5}},
                {6, {RejectReason::not_a_number, 4}}},
               6);
}

TEST(TransactionSchema, CorpusNegativeId) {
  check_corpus("negative_id.csv", ColumnMapping::dunnhumby(),
               {{2, {RejectReason::out_of_range, 1}},
                {3, {RejectReason::out_of_range, 2}},
                {4, {RejectReason::out_of_range, 3}},
                {5, {RejectReason::out_of_range, 4}},
                {6, {RejectReason::out_of_range, 4}}},
               6);
}

TEST(TransactionSchema, CorpusEmptyField) {
  check_corpus("empty_field.csv", ColumnMapping::dunnhumby(),
               {{2, {RejectReason::empty_field, 1}},
                {3, {RejectReason::empty_field, 2}},
                {4, {RejectReason::empty_field, 3}},
                {5, {RejectReason::empty_field, 4}},
                {6, {RejectReason::empty_field, 5}},
                {8, {RejectReason::empty_field, 4}}},
               7);
}

TEST(TransactionSchema, CorpusBadHeader) {
  const std::string path = data_file("bad_header.csv");
  try {
    resolve_schema(read_first_line(path), ColumnMapping::dunnhumby(), path);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()).rfind(path + ":1: missing column 'BASKET_ID' (header has: "
                                                 "household_key, BASKET, DAY, PRODUCT_ID,",
                                          0),
              0u)
        << e.what();
  }
}

// Quantity and spend are stored as float32: a value past its range would be stored as inf.
TEST(TransactionSchema, NumbersTooLargeForTheColumnAreRejected) {
  const ResolvedSchema s = dunnhumby();
  ParseError e = reject_of(line_with(5, "1e40"), s);
  EXPECT_EQ(e.reason, RejectReason::out_of_range);
  EXPECT_EQ(e.column, 5);
  e = reject_of(line_with(6, "-1e39"), s);
  EXPECT_EQ(e.reason, RejectReason::out_of_range);
  EXPECT_EQ(e.column, 6);
  e = reject_of(line_with(6, "4000000000000000000000000000000000000000"), s);  // plain digits too
  EXPECT_EQ(e.reason, RejectReason::out_of_range);
  TransactionRow row;
  ParseError error;
  ASSERT_TRUE(parse_transaction_line(line_with(6, "3e38"), s, row, error)) << error.message;
  EXPECT_FLOAT_EQ(row.spend, 3e38f);
}

namespace {

// Random lines of plain and odd fields (lengths 0-20, signs, dots, letters, spaces, quotes),
// 12 columns or now and then 13, short enough for the 64-byte fast path and longer.
std::string random_transaction_line(std::mt19937_64& rng) {
  const auto digits = [&](std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) out += static_cast<char>('0' + rng() % 10);
    return out;
  };
  const auto field = [&]() -> std::string {
    switch (rng() % 12) {
      case 0:
        return "";
      case 1:
        return "-" + digits(1 + rng() % 4);
      case 2:
        return digits(rng() % 6) + "." + digits(rng() % 6);
      case 3:
        return digits(1 + rng() % 3) + "." + digits(1) + "." + digits(1);
      case 4:
        return digits(1 + rng() % 20);
      case 5:
        return digits(1 + rng() % 3) + std::string(1, "a/:+ e"[rng() % 6]) + digits(rng() % 3);
      case 6:
        return "-" + digits(rng() % 3) + "." + digits(1 + rng() % 3);
      case 7:
        return "0";
      case 8:
        return "\"" + digits(2) + "\"";
      default:
        return digits(1 + rng() % 8);
    }
  };
  std::string line;
  const int columns = 12 + (rng() % 40 == 0 ? 1 : 0);
  for (int c = 0; c < columns; ++c) {
    if (c) line += ',';
    line += rng() % 3 == 0 ? field() : digits(1 + rng() % 11);
  }
  return line;
}

void expect_same_row(const TransactionRow& quick, const TransactionRow& general, std::string_view line) {
  EXPECT_EQ(quick.household, general.household) << line;
  EXPECT_EQ(quick.basket, general.basket) << line;
  EXPECT_EQ(quick.day, general.day) << line;
  EXPECT_EQ(quick.product, general.product) << line;
  EXPECT_EQ(quick.quantity, general.quantity) << line;
  EXPECT_EQ(quick.spend, general.spend) << line;
}

}  // namespace

// The fast path accepts only what the general path accepts, with the same values.
TEST(TransactionSchema, FastPathAgreesWithTheGeneralPath) {
  const ResolvedSchema s = dunnhumby();
  std::mt19937_64 rng(5);
  int fast = 0;
  for (int i = 0; i < 200000; ++i) {
    const std::string line = random_transaction_line(rng);
    TransactionRow quick, general;
    ParseError error;
    const bool general_ok = detail::parse_general_transaction_line(line, s, general, error);
    if (!parse_plain_transaction_line(line, s, quick)) continue;
    ++fast;
    ASSERT_TRUE(general_ok) << line;
    expect_same_row(quick, general, line);
  }
  EXPECT_GT(fast, 20000);  // the fast path took a good share of the lines
}

// The padded path (a line followed by 64 readable bytes, as LineRangeReader returns them)
// decides every line as the general path does, with the same values and reject reasons, whatever
// the bytes behind the line hold (commas, quotes, digits, NUL), and lines around 64 bytes too.
TEST(TransactionSchema, PaddedPathAgreesWithTheGeneralPath) {
  const ResolvedSchema s = dunnhumby();
  std::mt19937_64 rng(11);
  int accepted = 0;
  std::vector<char> buffer;
  for (int i = 0; i < 200000; ++i) {
    std::string line = random_transaction_line(rng);
    if (i % 4 == 0) {  // a plain dunnhumby-like line, padded to a length around 64
      line = std::to_string(rng() % 100000) + "," + std::to_string(rng() % 100000000000) + "," +
             std::to_string(1 + rng() % 711) + "," + std::to_string(rng() % 10000000) + "," +
             std::to_string(1 + rng() % 3) + "," + std::to_string(rng() % 100) + "." +
             std::to_string(rng() % 100) + ",364,-0.6,1631,1,0," + std::string(rng() % 16, '0');
    }
    buffer.assign(line.begin(), line.end());
    for (int b = 0; b < 64; ++b) buffer.push_back(",\"0123456789.\0\r-"[rng() % 16]);
    const std::string_view padded(buffer.data(), line.size());
    TransactionRow quick, general;
    ParseError quick_error, general_error;
    const bool general_ok = detail::parse_general_transaction_line(line, s, general, general_error);
    const bool quick_ok = parse_padded_transaction_line(padded, s, quick, quick_error);
    ASSERT_EQ(quick_ok, general_ok) << line;
    if (!general_ok) {
      EXPECT_EQ(quick_error.reason, general_error.reason) << line;
      EXPECT_EQ(quick_error.column, general_error.column) << line;
      continue;
    }
    ++accepted;
    expect_same_row(quick, general, line);
  }
  EXPECT_GT(accepted, 60000);
}
