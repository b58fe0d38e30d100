#include "io/csv/transaction_schema.hpp"

#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <chrono>
#include <cmath>
#include <iterator>
#include <limits>
#include <utility>

#include "io/csv/csv.hpp"
#include "io/csv/transaction_fast_path.hpp"
#include "io/csv/transaction_padded_path.hpp"
#include "io/errors.hpp"

namespace basketgap::io {

namespace {

// Offending text in messages is cut short: a broken line can be megabytes long.
std::string shown(std::string_view text) {
  constexpr std::size_t kMaxShown = 40;
  if (text.size() <= kMaxShown) return std::string(text);
  return std::string(text.substr(0, kMaxShown)) + "...";
}

bool reject(ParseError& error, RejectReason reason, const ResolvedSchema& schema, int column,
            std::string_view what) {
  error.reason = reason;
  error.column = column + 1;
  const std::string_view name = column < static_cast<int>(schema.column_names.size())
                                    ? std::string_view(schema.column_names[column])
                                    : std::string_view("?");
  error.message = fmt::format("column {} ({}): {}", column + 1, name, what);
  return false;
}

bool all_digits(std::string_view text) {
  for (char c : text)
    if (c < '0' || c > '9') return false;
  return !text.empty();
}

bool starts_like_a_number(std::string_view text) {
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) text.remove_prefix(1);
  return !text.empty() && text[0] >= '0' && text[0] <= '9';
}

// plain_integer and plain_decimal (io/csv/transaction_fast_path.hpp) are the fast paths for the
// common shapes; anything else goes to std::from_chars, which also decides what is an error.

bool parse_id(std::string_view text, const ResolvedSchema& schema, int column, std::int64_t& out,
              ParseError& error) {
  if (plain_integer(text, out)) return true;
  if (text.empty()) return reject(error, RejectReason::empty_field, schema, column, "empty");
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  if (ec == std::errc::result_out_of_range)
    return reject(error, RejectReason::out_of_range, schema, column,
                  fmt::format("'{}' is too large for an id", shown(text)));
  if (ec != std::errc() || end != text.data() + text.size())
    return reject(error, RejectReason::not_a_number, schema, column,
                  fmt::format("'{}' is not a number", shown(text)));
  if (out < 0)
    return reject(error, RejectReason::out_of_range, schema, column,
                  fmt::format("'{}' is negative", shown(text)));
  return true;
}

bool parse_day(std::string_view text, const ResolvedSchema& schema, int column, std::int32_t& out,
               ParseError& error) {
  if (text.empty()) return reject(error, RejectReason::empty_field, schema, column, "empty");
  std::int64_t day = 0;
  if (schema.day_format == DayFormat::iso_date) {
    int days = 0;
    if (!parse_iso_date(text, days))
      return reject(error, RejectReason::bad_day, schema, column,
                    fmt::format("'{}' is not a valid YYYY-MM-DD date", shown(text)));
    if (days < schema.origin_days_since_epoch)
      return reject(error, RejectReason::bad_day, schema, column,
                    fmt::format("'{}' is before the day origin", shown(text)));
    day = std::int64_t{days} - schema.origin_days_since_epoch + 1;
  } else if (!plain_integer(text, day)) {
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), day);
    if (ec == std::errc::result_out_of_range) {
      day = -1;  // reported as out of range below
    } else if (ec != std::errc() || end != text.data() + text.size()) {
      // "3.5" or "2020-01-01" is a day in another format; "x1" is no number at all.
      if (starts_like_a_number(text))
        return reject(error, RejectReason::bad_day, schema, column,
                      fmt::format("'{}' is not a whole day number{}", shown(text),
                                  // A date where day numbers are read: the mapping says how to read dates.
                                  text.size() == 10 && text[4] == '-' && text[7] == '-'
                                      ? " (dates: [ingest.day] format = \"iso-date\" and its origin)"
                                      : ""));
      return reject(error, RejectReason::not_a_number, schema, column,
                    fmt::format("'{}' is not a day number", shown(text)));
    }
  }
  if (day < 0 || day > kMaxDay)
    return reject(error, RejectReason::out_of_range, schema, column,
                  fmt::format("day '{}' is outside 0..{}", shown(text), kMaxDay));
  out = static_cast<std::int32_t>(day);
  return true;
}

bool parse_decimal(std::string_view text, const ResolvedSchema& schema, int column, double& out,
                   ParseError& error) {
  if (plain_decimal(text, out)) return true;
  // "+2" is a number as "1e3" is (some exports sign every value); from_chars takes no '+'.
  std::string_view digits = text;
  if (digits.size() > 1 && digits[0] == '+' &&
      (std::isdigit(static_cast<unsigned char>(digits[1])) || digits[1] == '.'))
    digits.remove_prefix(1);
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), out);
  if (ec == std::errc::result_out_of_range)
    return reject(error, RejectReason::out_of_range, schema, column,
                  fmt::format("'{}' is out of range", shown(text)));
  if (ec != std::errc() || end != digits.data() + digits.size() || !std::isfinite(out))
    return reject(error, RejectReason::not_a_number, schema, column,
                  fmt::format("'{}' is not a number", shown(text)));
  if (std::fabs(out) > std::numeric_limits<float>::max())  // stored as float32: it would be inf
    return reject(error, RejectReason::out_of_range, schema, column,
                  fmt::format("'{}' is out of range (the column holds at most 3.4e38)", shown(text)));
  return true;
}

}  // namespace

bool parse_iso_date(std::string_view text, int& days_since_epoch) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  const std::string_view y = text.substr(0, 4), m = text.substr(5, 2), d = text.substr(8, 2);
  if (!all_digits(y) || !all_digits(m) || !all_digits(d)) return false;
  const auto number = [](std::string_view digits) {
    unsigned value = 0;
    for (char c : digits) value = value * 10 + static_cast<unsigned>(c - '0');
    return value;
  };
  // year_month_day::ok() checks month lengths and leap years.
  const std::chrono::year_month_day date{std::chrono::year(static_cast<int>(number(y))),
                                         std::chrono::month(number(m)), std::chrono::day(number(d))};
  if (!date.ok()) return false;
  days_since_epoch = static_cast<int>(std::chrono::sys_days(date).time_since_epoch().count());
  return true;
}

ResolvedSchema resolve_schema(std::string_view header_line, const ColumnMapping& mapping,
                              const std::string& file) {
  ResolvedSchema schema;
  schema.column_names = split_csv_header(header_line, file);
  schema.column_count = static_cast<int>(schema.column_names.size());
  schema.day_format = mapping.day_format;

  // `usual`: the role's default name; another name comes from the config's mapping.
  const auto locate = [&](const std::string& mapped, const std::string& usual, const char* role,
                          bool required) {
    // Header names are trimmed, and so is the name the mapping gives (" household_key ").
    const std::string name(trim_spaces(mapped));
    if (name.empty()) {
      if (required) throw UsageError(fmt::format("[ingest.columns]: the {} column needs a name", role));
      return -1;
    }
    const int column = find_column(schema.column_names, name, file);
    if (column < 0)
      throw InputError(
          fmt::format("{}:1: missing column '{}'{} (header has: {})", file, name,
                      // Not the default name: the config's mapping and the file disagree.
                      name != usual ? fmt::format(", which [ingest.columns] {} names", role) : "",
                      list_columns(schema.column_names)));
    return column;
  };
  const ColumnMapping usual = ColumnMapping::dunnhumby();
  schema.household = locate(mapping.household, usual.household, "household", true);
  schema.basket = locate(mapping.basket, usual.basket, "basket", true);
  schema.day = locate(mapping.day, usual.day, "day", true);
  schema.product = locate(mapping.product, usual.product, "product", true);
  schema.quantity = locate(mapping.quantity, usual.quantity, "quantity", false);
  schema.spend = locate(mapping.spend, usual.spend, "spend", false);
  // Two roles read from one column (household = day = "DAY") would parse without complaint
  // and store nonsense.
  const std::pair<int, const char*> roles[] = {
      {schema.household, "household"}, {schema.basket, "basket"},     {schema.day, "day"},
      {schema.product, "product"},     {schema.quantity, "quantity"}, {schema.spend, "spend"}};
  for (std::size_t a = 0; a < std::size(roles); ++a)
    for (std::size_t b = a + 1; b < std::size(roles); ++b)
      if (roles[a].first >= 0 && roles[a].first == roles[b].first)
        throw UsageError(
            fmt::format("[ingest.columns]: {} and {} both read column '{}' of {}: each role needs "
                        "its own column",
                        roles[a].second, roles[b].second,
                        schema.column_names[static_cast<std::size_t>(roles[a].first)], file));

  if (mapping.day_format == DayFormat::iso_date) {
    if (mapping.day_origin.empty())
      throw UsageError(
          "[ingest.day]: format = \"iso-date\" needs origin = \"YYYY-MM-DD\" (the date of day 1)");
    if (!parse_iso_date(mapping.day_origin, schema.origin_days_since_epoch))
      throw UsageError(fmt::format("[ingest.columns]: day_origin '{}' is not a valid YYYY-MM-DD date",
                                   mapping.day_origin));
  }
  return schema;
}

bool parse_transaction_line(std::string_view line, const ResolvedSchema& schema, TransactionRow& row,
                            ParseError& error) {
  return parse_plain_transaction_line(line, schema, row) ||
         detail::parse_general_transaction_line(line, schema, row, error);
}

bool parse_padded_transaction_line(std::string_view line, const ResolvedSchema& schema, TransactionRow& row,
                                   ParseError& error) {
  return parse_padded_transaction_line(line, schema, row) ||
         detail::parse_general_transaction_line(line, schema, row, error);
}

namespace detail {

bool parse_general_transaction_line(std::string_view line, const ResolvedSchema& schema, TransactionRow& row,
                                    ParseError& error) {
  // Per-thread buffers: warm after the first lines, so good lines allocate nothing.
  thread_local std::vector<std::string_view> fields;
  thread_local std::string scratch;
  if (!split_csv_line(line, fields, scratch, error)) {
    const int column = error.column - 1;
    if (column >= 0 && column < schema.column_count) {
      const std::string what = error.message;
      return reject(error, RejectReason::malformed_line, schema, column, what);
    }
    return false;
  }
  if (static_cast<int>(fields.size()) != schema.column_count) {
    error.reason = RejectReason::column_count;
    error.column = 0;
    error.message = fmt::format("{} fields, the header has {}", fields.size(), schema.column_count);
    return false;
  }
  const auto field = [&](int column) { return trim_spaces(fields[column]); };

  if (!parse_id(field(schema.household), schema, schema.household, row.household, error) ||
      !parse_id(field(schema.basket), schema, schema.basket, row.basket, error) ||
      !parse_day(field(schema.day), schema, schema.day, row.day, error) ||
      !parse_id(field(schema.product), schema, schema.product, row.product, error))
    return false;

  double quantity = 1;
  if (schema.quantity >= 0) {
    const std::string_view text = field(schema.quantity);
    if (text.empty()) return reject(error, RejectReason::empty_field, schema, schema.quantity, "empty");
    if (!parse_decimal(text, schema, schema.quantity, quantity, error)) return false;
  }
  double spend = 0;
  if (schema.spend >= 0) {
    const std::string_view text = field(schema.spend);
    if (!text.empty() && !parse_decimal(text, schema, schema.spend, spend, error)) return false;
  }
  row.quantity = static_cast<float>(quantity);
  row.spend = static_cast<float>(spend);
  if (quantity <= 0)
    return reject(
        error, RejectReason::return_line, schema, schema.quantity,
        fmt::format("quantity '{}' <= 0 (a return or a correction)", shown(field(schema.quantity))));
  return true;
}

}  // namespace detail

}  // namespace basketgap::io
