#include "io/csv/offers_file.hpp"

#include <charconv>
#include <fstream>

#include "io/csv/csv.hpp"
#include "io/errors.hpp"

namespace basketgap::io {
namespace {

template <typename T>
bool parse_number(std::string_view text, T& out) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

}  // namespace

std::vector<Offer> read_offers(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(exit_no_input, path + ": cannot open the offers file");
  std::string line;
  if (!std::getline(in, line))
    throw InputError(path + ":1: empty offers file (want a header product_id[,valid_from_day,valid_to_day])");
  const std::vector<std::string> header = split_csv_header(line, path);
  const int product = find_column(header, "product_id", path);
  const int from = find_optional_column(header, "valid_from_day", path);
  const int to = find_optional_column(header, "valid_to_day", path);
  if (product < 0)
    throw InputError(path + ":1: no product_id column in the header (" + list_columns(header) + ")");
  // Every column is one the reader knows: a validity column under another name (valid_from,
  // start_day) read as absent would make every offer valid on every day, and mail expired ones.
  // A column without a name (a spreadsheet's trailing comma) carries nothing: its values are
  // checked to be empty below.
  for (std::size_t c = 0; c < header.size(); ++c)
    if (static_cast<int>(c) != product && static_cast<int>(c) != from && static_cast<int>(c) != to &&
        !trim_spaces(header[c]).empty())
      throw InputError(path + ":1:" + std::to_string(c + 1) + ": unknown column '" + header[c] +
                       "' in the offers file (header has: " + list_columns(header) +
                       "); its columns are product_id[,valid_from_day,valid_to_day]: rename the validity "
                       "columns, remove the others");
  if ((from < 0) != (to < 0))
    throw InputError(path + ":1: valid_from_day and valid_to_day come together (" + list_columns(header) +
                     ")");

  std::vector<Offer> offers;
  std::vector<std::string_view> fields;
  std::string scratch;
  ParseError error;
  for (std::int64_t number = 2; std::getline(in, line); ++number) {
    const std::string where = path + ":" + std::to_string(number);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (trim_spaces(line).empty()) continue;
    if (!split_csv_line(line, fields, scratch, error))
      throw InputError(where + ":" + std::to_string(error.column) + ": " + error.message);
    if (fields.size() != header.size())
      throw InputError(where + ": " + std::to_string(fields.size()) + " fields, the header has " +
                       std::to_string(header.size()));
    for (std::size_t c = 0; c < header.size(); ++c)
      if (trim_spaces(header[c]).empty() && !trim_spaces(fields[c]).empty())
        throw InputError(where + ":" + std::to_string(c + 1) + ": '" + std::string(fields[c]) +
                         "' in a column without a name in the header");
    Offer o;
    if (!parse_number(trim_spaces(fields[product]), o.product_id))
      throw InputError(where + ":" + std::to_string(product + 1) + ": product_id '" +
                       std::string(fields[product]) + "' is not an integer");
    const auto day = [&](int column, std::int32_t& out) {
      const std::string_view v = trim_spaces(fields[column]);
      if (!v.empty() && !parse_number(v, out))
        throw InputError(where + ":" + std::to_string(column + 1) + ": '" + std::string(v) +
                         "' is not a day number");
    };
    if (from >= 0) {
      day(from, o.valid_from);
      day(to, o.valid_to);
      if (o.valid_from > o.valid_to)
        throw InputError(where + ": valid_from_day " + std::to_string(o.valid_from) +
                         " is after valid_to_day " + std::to_string(o.valid_to));
    }
    offers.push_back(o);
  }
  return offers;
}

}  // namespace basketgap::io
