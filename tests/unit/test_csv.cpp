#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "io/csv/csv.hpp"
#include "io/errors.hpp"

using namespace basketgap::io;

namespace {

std::vector<std::string> split(std::string_view line) {
  std::vector<std::string_view> fields;
  std::string scratch;
  ParseError error;
  EXPECT_TRUE(split_csv_line(line, fields, scratch, error)) << error.message;
  return {fields.begin(), fields.end()};
}

ParseError split_error(std::string_view line) {
  std::vector<std::string_view> fields;
  std::string scratch;
  ParseError error;
  EXPECT_FALSE(split_csv_line(line, fields, scratch, error)) << line;
  return error;
}

using Fields = std::vector<std::string>;

}  // namespace

TEST(Csv, PlainFields) {
  EXPECT_EQ(split("1,2,3"), (Fields{"1", "2", "3"}));
  EXPECT_EQ(split("a"), (Fields{"a"}));
  EXPECT_EQ(split(" a , b "), (Fields{" a ", " b "}));  // spaces belong to the field
}

TEST(Csv, EmptyFields) {
  EXPECT_EQ(split(""), (Fields{""}));
  EXPECT_EQ(split(","), (Fields{"", ""}));
  EXPECT_EQ(split("a,,b,"), (Fields{"a", "", "b", ""}));
  EXPECT_EQ(split("\"\",x"), (Fields{"", "x"}));
}

TEST(Csv, TrailingCarriageReturnIsStripped) {
  EXPECT_EQ(split("1,2\r"), (Fields{"1", "2"}));
  EXPECT_EQ(split("1,\"2\"\r"), (Fields{"1", "2"}));
  EXPECT_EQ(split("\r"), (Fields{""}));
}

TEST(Csv, QuotedFields) {
  EXPECT_EQ(split("\"a,b\",c"), (Fields{"a,b", "c"}));
  EXPECT_EQ(split("x,\"\"\"\""), (Fields{"x", "\""}));
  EXPECT_EQ(split("\"say \"\"hi\"\"\",2,\"a\"\"\""), (Fields{"say \"hi\"", "2", "a\""}));
  EXPECT_EQ(split("\"\",\"\""), (Fields{"", ""}));
  EXPECT_EQ(split("\"a\",,\"b\""), (Fields{"a", "", "b"}));
  EXPECT_EQ(split("\"a\","), (Fields{"a", ""}));
}

TEST(Csv, ViewsIntoScratchStayValidAcrossManyEscapedFields) {
  std::string line;
  Fields expected;
  for (int i = 0; i < 200; ++i) {
    const std::string number = std::to_string(i);
    if (i) line += ',';
    line.append("\"v\"\"").append(number).append("\"");
    expected.push_back(std::string("v\"").append(number));
  }
  EXPECT_EQ(split(line), expected);
}

TEST(Csv, MalformedQuotingNamesTheColumn) {
  ParseError e = split_error("1,\"abc");
  EXPECT_EQ(e.reason, RejectReason::malformed_line);
  EXPECT_EQ(e.column, 2);
  EXPECT_EQ(e.message, "unterminated quoted field");

  e = split_error("1,2,ab\"c");
  EXPECT_EQ(e.column, 3);
  EXPECT_EQ(e.message, "quote inside an unquoted field");

  e = split_error("\"ab\"c,2");
  EXPECT_EQ(e.column, 1);
  EXPECT_EQ(e.message, "text after the closing quote of a field");

  e = split_error("1,\"a\"\"");  // the "" is an escape: still unterminated
  EXPECT_EQ(e.column, 2);
  EXPECT_EQ(split_error(" \"a\"").column, 1);
}

TEST(Csv, NulByteIsMalformed) {
  using namespace std::string_literals;
  ParseError e = split_error("1,2\0,3"s);
  EXPECT_EQ(e.reason, RejectReason::malformed_line);
  EXPECT_EQ(e.column, 2);
  EXPECT_EQ(split_error("\"a,b\",c,\0"s).column, 3);  // commas inside quotes do not count
}

TEST(Csv, QuoteOnlyWhenNeeded) {
  EXPECT_EQ(csv_quote("plain text"), "plain text");
  EXPECT_EQ(csv_quote(""), "");
  EXPECT_EQ(csv_quote("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_quote("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_quote("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(csv_quote("cr\r"), "\"cr\r\"");
}

TEST(Csv, JoinRoundTripsThroughSplit) {
  const Fields values{"1", "", "a,b", "\"q\"", " spaced "};
  const std::string line = csv_join(values);
  EXPECT_EQ(line, "1,,\"a,b\",\"\"\"q\"\"\", spaced ");
  EXPECT_EQ(split(line), values);
  EXPECT_EQ(csv_join({}), "");
}

TEST(Csv, HeaderNamesAreTrimmedAndBomIsDropped) {
  const auto names = split_csv_header("\xEF\xBB\xBF household_key ,\"DAY\"\r", "f.csv");
  EXPECT_EQ(names, (Fields{"household_key", "DAY"}));
  EXPECT_EQ(split_csv_header("\xEF\xBB\xBF\"a\",b", "f.csv"), (Fields{"a", "b"}));
  EXPECT_THROW(split_csv_header("a,\"b", "f.csv"), basketgap::InputError);
}

// The dialects a retailer's export may come in are named, not taken for a missing column.
TEST(Csv, OtherDialectsAreNamedInHeaderErrors) {
  const auto message = [](std::string_view header) {
    try {
      split_csv_header(header, "f.csv");
    } catch (const basketgap::InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message("\xFF\xFEh\0a\0").find("f.csv:1: the file is UTF-16 text"), std::string::npos);
  EXPECT_NE(message("household_key,DAY\r1,2\r").find("lines ended by CR alone"), std::string::npos);
  EXPECT_EQ(message("household_key,DAY\r"), "no error");  // CRLF
  using basketgap::io::list_columns;
  EXPECT_NE(list_columns(split_csv_header("a;b;c", "f.csv")).find("one field holding ';'"),
            std::string::npos);
  EXPECT_NE(list_columns(split_csv_header("a\tb", "f.csv")).find("one field holding '\\t'"),
            std::string::npos);
  EXPECT_EQ(list_columns(split_csv_header("a,b", "f.csv")), "a, b");
}

TEST(Csv, FindColumnPrefersExactMatch) {
  const Fields columns{"day", "DAY", "Basket_Id"};
  EXPECT_EQ(find_column(columns, "DAY", "f.csv"), 1);
  EXPECT_EQ(find_column(columns, "day", "f.csv"), 0);
  EXPECT_EQ(find_column(columns, "BASKET_ID", "f.csv"), 2);
  EXPECT_EQ(find_column(columns, "store", "f.csv"), -1);
  EXPECT_EQ(trim_spaces(" \t x y \t"), "x y");
  EXPECT_EQ(trim_spaces("   "), "");
}

TEST(Csv, AColumnNamedTwiceIsAmbiguous) {
  // The same name twice, or two spellings of it with no exact match: the reader cannot know
  // which holds the data, and taking the first would change it silently.
  const Fields twice{"household_key", "DAY", "PRODUCT_ID", "DAY"};
  try {
    find_column(twice, "DAY", "t.csv");
    FAIL() << "no error for DAY twice";
  } catch (const basketgap::InputError& e) {
    EXPECT_STREQ(e.what(),
                 "t.csv:1: the header has column 'DAY' twice (columns 2 and 4): which one holds the data "
                 "is ambiguous; rename or remove one");
  }
  EXPECT_THROW(find_column(Fields{"Day", "day"}, "DAY", "t.csv"), basketgap::InputError);
  EXPECT_EQ(find_column(twice, "PRODUCT_ID", "t.csv"), 2);                 // other columns are unaffected
  EXPECT_EQ(find_column(Fields{"Day", "DAY", "day"}, "DAY", "t.csv"), 1);  // one exact match decides
}

TEST(Csv, Utf8IsCheckedAndCutOnCharacterBoundaries) {
  EXPECT_TRUE(is_valid_utf8("plain ASCII"));
  EXPECT_TRUE(is_valid_utf8("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x9b\x92"));  // é € 🛒
  EXPECT_FALSE(is_valid_utf8("caf\xe9"));                                   // Latin-1 é
  EXPECT_FALSE(is_valid_utf8("\xc3"));                                      // cut short
  EXPECT_FALSE(is_valid_utf8("\xc0\xaf"));                                  // overlong '/'
  EXPECT_FALSE(is_valid_utf8("\xed\xa0\x80"));                              // a surrogate
  EXPECT_FALSE(is_valid_utf8("\xf4\x90\x80\x80"));                          // past U+10FFFF
  EXPECT_FALSE(is_valid_utf8("\x80"));                                      // a lone continuation
  // 4 bytes of "a€": the cut at 3 would split the euro sign, so it keeps "a".
  EXPECT_EQ(utf8_prefix("a\xe2\x82\xac", 3), "a");
  EXPECT_EQ(utf8_prefix("a\xe2\x82\xac", 4), "a\xe2\x82\xac");
  EXPECT_EQ(utf8_prefix("abcdef", 3), "abc");
  EXPECT_EQ(utf8_prefix("\x80\x80\x80\x80\x80", 2), "\x80\x80");  // not UTF-8: the plain cut
}
