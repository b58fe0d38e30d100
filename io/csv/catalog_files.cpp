#include "io/csv/catalog_files.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cstring>
#include <initializer_list>
#include <numeric>
#include <string_view>

#include "io/csv/csv.hpp"
#include "io/csv/line_reader.hpp"
#include "io/errors.hpp"

namespace basketgap::io {

namespace {

constexpr std::size_t kLongestText = 1000;

// Walks the data lines of a small CSV, checking quoting and field counts, and builds errors
// that point at FILE:LINE:COLUMN.
class CatalogReader {
 public:
  explicit CatalogReader(const std::string& path)
      : path_(path), reader_(path, ByteRange{0, file_size(path)}) {
    std::string_view header;
    if (!reader_.next(header)) throw InputError(path + ": empty file, expected a header line");
    columns_ = split_csv_header(header, path);
  }

  int column(std::string_view name, bool required) const {
    const int index =
        required ? find_column(columns_, name, path_) : find_optional_column(columns_, name, path_);
    if (index < 0 && required)
      throw InputError(
          fmt::format("{}:1: missing column '{}' (header has: {})", path_, name, list_columns(columns_)));
    return index;
  }

  const std::vector<std::string>& columns() const { return columns_; }

  // The next non-blank data line split into trimmed fields; false at the end of the file.
  bool next() {
    std::string_view line;
    while (reader_.next(line)) {
      ++line_number_;
      if (trim_spaces(line).empty() || line == "\r") continue;
      ParseError error;
      if (!split_csv_line(line, fields_, scratch_, error)) fail(error.column - 1, error.message);
      if (fields_.size() != columns_.size())
        fail(-1, fmt::format("{} fields, the header has {}", fields_.size(), columns_.size()));
      for (auto& field : fields_) field = trim_spaces(field);
      return true;
    }
    return false;
  }

  std::string_view field(int column) const { return column < 0 ? std::string_view() : fields_[column]; }
  // A description: UTF-8 (it reaches the mailing files) and at most kLongestText bytes (the
  // store pads a column's names to the longest: one stray document would bloat every file).
  std::string text(int column) const {
    const std::string_view value = field(column);
    if (value.size() > kLongestText)
      fail(column, fmt::format("{} is {} bytes long, more than {}: not a description", columns_[column],
                               value.size(), kLongestText));
    if (!is_valid_utf8(value))
      fail(column, fmt::format("{} is not valid UTF-8 (the file must be UTF-8; convert it, e.g. with iconv)",
                               columns_[column]));
    if (const ControlCharacter found = first_control_character(value); found.offset != std::string_view::npos)
      fail(column, fmt::format("{} holds the control character U+{:04X} at byte {}: a mailing file read line "
                               "by line would break there; remove it from the file",
                               columns_[column], found.code, found.offset + 1));
    return std::string(value);
  }
  int line_number() const { return line_number_; }

  std::int64_t id(int column) const {
    const std::string_view text = field(column);
    if (text.empty()) fail(column, fmt::format("empty {}", columns_[column]));
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value < 0)
      fail(column, fmt::format("{} '{}' is not a non-negative integer", columns_[column], text));
    return value;
  }

  // `column` is 0-based, -1 for the whole line.
  [[noreturn]] void fail(int column, const std::string& message, int line = 0) const {
    const int at = line ? line : line_number_;
    if (column < 0) throw InputError(fmt::format("{}:{}: {}", path_, at, message));
    throw InputError(fmt::format("{}:{}:{}: {}", path_, at, column + 1, message));
  }

 private:
  std::string path_;
  LineRangeReader reader_;
  std::vector<std::string> columns_;
  std::vector<std::string_view> fields_;
  std::string scratch_;
  int line_number_ = 1;  // the header is line 1
};

// Sorts `items` by id and rejects a repeated id, naming the line of the second occurrence.
template <typename T>
void sort_unique_by_id(std::vector<T>& items, const std::vector<int>& lines, const CatalogReader& reader,
                       int id_column, std::string_view id_name) {
  std::vector<std::size_t> order(items.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return items[a].id < items[b].id; });
  for (std::size_t i = 1; i < order.size(); ++i) {
    if (items[order[i]].id == items[order[i - 1]].id)
      reader.fail(
          id_column,
          fmt::format("duplicate {} {} (first on line {})", id_name, items[order[i]].id, lines[order[i - 1]]),
          lines[order[i]]);
  }
  std::vector<T> sorted;
  sorted.reserve(items.size());
  for (std::size_t index : order) sorted.push_back(std::move(items[index]));
  items = std::move(sorted);
}

}  // namespace

namespace {
// The columns of a products file basketgap reads, PRODUCT_ID first (docs/FORMATS.md).
constexpr std::array<std::string_view, 7> kProductColumns{
    "PRODUCT_ID",     "MANUFACTURER",       "DEPARTMENT",          "BRAND",
    "COMMODITY_DESC", "SUB_COMMODITY_DESC", "CURR_SIZE_OF_PRODUCT"};
}  // namespace

std::vector<ProductInfo> read_products_csv(const std::string& path) {
  CatalogReader reader(path);
  const int id = reader.column("PRODUCT_ID", true);
  const int manufacturer = reader.column("MANUFACTURER", false);
  const int department = reader.column("DEPARTMENT", false);
  const int brand = reader.column("BRAND", false);
  const int commodity = reader.column("COMMODITY_DESC", false);
  const int sub_commodity = reader.column("SUB_COMMODITY_DESC", false);
  const int size = reader.column("CURR_SIZE_OF_PRODUCT", false);
  // Ids alone describe nothing: a header whose other columns are all misspelt (DEPT for
  // DEPARTMENT) would leave every department, cap and mailing column empty without a word.
  if (std::max({manufacturer, department, brand, commodity, sub_commodity, size}) < 0)
    reader.fail(-1,
                fmt::format("none of the columns a products file describes products with ({}) is in its "
                            "header ({}): it would describe nothing",
                            fmt::join(kProductColumns.begin() + 1, kProductColumns.end(), ", "),
                            list_columns(reader.columns())),
                1);

  std::vector<ProductInfo> products;
  std::vector<int> lines;
  while (reader.next()) {
    ProductInfo& p = products.emplace_back();
    p.id = reader.id(id);
    p.manufacturer = reader.text(manufacturer);
    p.department = reader.text(department);
    p.brand = reader.text(brand);
    p.commodity = reader.text(commodity);
    p.sub_commodity = reader.text(sub_commodity);
    p.size = reader.text(size);
    lines.push_back(reader.line_number());
  }
  sort_unique_by_id(products, lines, reader, id, "PRODUCT_ID");
  return products;
}

constexpr std::string_view kConsent = "consent";
// Every column read from a households file.
constexpr std::array<std::string_view, 5> kHouseholdColumns{"household_key", kConsent, "birth_month",
                                                            "hh_comp_desc", "household_size_desc"};

namespace {
// The header columns that are none of `names` (the columns a file's reader reads).
template <std::size_t N>
std::vector<std::string> unread_columns(const CatalogReader& reader,
                                        const std::array<std::string_view, N>& names) {
  std::vector<bool> read(reader.columns().size(), false);
  for (const std::string_view name : names)
    if (const int at = reader.column(name, false); at >= 0) read[static_cast<std::size_t>(at)] = true;
  std::vector<std::string> unread;
  for (std::size_t c = 0; c < read.size(); ++c)
    if (!read[c]) unread.push_back(reader.columns()[c]);
  return unread;
}
}  // namespace

ProductColumns products_csv_columns(const std::string& path) {
  const CatalogReader reader(path);
  const auto has = [&](std::string_view name) { return reader.column(name, false) >= 0; };
  return {has("DEPARTMENT"), has("COMMODITY_DESC"), has("SUB_COMMODITY_DESC"), has("BRAND"),
          unread_columns(reader, kProductColumns)};
}

HouseholdColumns households_csv_columns(const std::string& path, const std::vector<std::string>& ignored) {
  const CatalogReader reader(path);
  const auto has = [&](std::string_view name) { return reader.column(name, false) >= 0; };
  std::vector<std::string> unread = unread_columns(reader, kHouseholdColumns);
  // Columns listed as holding no opt-out are read as nothing on purpose: not warned about.
  std::erase_if(unread, [&](const std::string& column) {
    return std::any_of(ignored.begin(), ignored.end(),
                       [&](const std::string& name) { return equals_ignoring_case(name, column); });
  });
  return {has(kConsent), has("birth_month"), has("hh_comp_desc"), std::move(unread)};
}

namespace {
// Whether a header column speaks of consent or of a mailing suppression under another name:
// marketing_consent, OptOut_Ind, unsubscribed_at, do_not_mail_reason, dnc_flag, contactable,
// mps_registered (the UK Mailing Preference Service), a Robinson list flag. Broad on purpose
// (fail closed): a column that holds no opt-out (a consent record's id, an unsubscribe link) is
// named in [ingest] households.ignore_columns.
bool names_consent_or_suppression(const std::string& column) {
  std::string name;  // letters and digits, lower case
  std::vector<std::string> words{
      ""};  // split at anything else and where a lower case letter meets an upper case one
  char previous = 0;
  for (const char c : column) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u)) {
      if (std::isupper(u) && std::islower(static_cast<unsigned char>(previous)) && !words.back().empty())
        words.emplace_back();
      name += static_cast<char>(std::tolower(u));
      words.back() += name.back();
    } else if (!words.back().empty()) {
      words.emplace_back();
    }
    previous = c;
  }
  if (words.back().empty()) words.pop_back();
  // Broad on purpose: a flag missed mails an opt-out, a column refused needs one config line
  // ([ingest] households.ignore_columns; contact_id, marketing_segment are refused so). Consent
  // and its negations, permissions to contact or market, suppressions, and the households no one
  // may write to (deceased, gone away); two common words that hold a part by chance are not it.
  for (const char* innocent : {"allowance", "oktober"})
    for (std::size_t at; (at = name.find(innocent)) != std::string::npos;)
      name.erase(at, std::strlen(innocent));
  for (const char* part :
       {"consent",   "permission", "optin",      "optout",    "optedout",  "subscri",    "donot",
        "nocontact", "nomail",     "noemail",    "suppress",  "blacklist", "blocklist",  "robinson",
        "contact",   "mailable",   "marketable", "marketing", "solicit",   "preference", "allow",
        "mailok",    "oktom",      "oktoe",      "oktoc",     "oktos",     "oktop",      "canmail",
        "canemail",  "cansms",     "newsletter", "deceased",  "bereave",   "goneaway"})
    if (name.find(part) != std::string::npos) return true;
  const auto is = [](const std::string& word, std::initializer_list<const char*> any) {
    return std::any_of(any.begin(), any.end(), [&](const char* w) { return word == w; });
  };
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (is(words[i], {"dnc", "dnm", "mps", "tps", "fps", "gdpr", "allow", "allowed"})) return true;
    if (i + 1 == words.size()) continue;
    // can_contact, email_ok, marketing_flag, contact_allowed ...
    const std::string& next = words[i + 1];
    if (is(words[i], {"can", "may"}) &&
        is(next, {"contact", "mail", "email", "market", "sms", "call", "phone", "post"}))
      return true;
    if (is(words[i], {"contact", "mail", "email", "marketing", "sms", "phone", "post", "newsletter"}) &&
        is(next, {"ok", "allowed", "flag", "status", "optin", "yn"}))
      return true;
  }
  // A column named only so: a flag of its own.
  return words.size() == 1 && is(words[0], {"newsletter", "marketing", "mailing"});
}

bool listed_ignoring_case(const std::vector<std::string>& names, const std::string& column) {
  return std::any_of(names.begin(), names.end(),
                     [&](const std::string& name) { return equals_ignoring_case(name, column); });
}

// A header column, besides the one read as consent (`consent_at`, -1 none) and those `ignored`,
// that means consent or a suppression under another name: read as absent, the opt-outs it
// carries would be lost without a word, so the file is refused (65) until the flags are folded
// into 'consent' or the column is listed as holding none.
void refuse_consent_under_another_name(const CatalogReader& reader, int consent_at,
                                       const std::vector<std::string>& ignored, const std::string& path) {
  // Consent is never ignored: a config saying so contradicts the file it reads (and a household
  // without consent would be mailed if it were honoured).
  if (consent_at >= 0 &&
      listed_ignoring_case(ignored, reader.columns()[static_cast<std::size_t>(consent_at)]))
    throw UsageError(fmt::format(
        "[ingest] households.ignore_columns lists '{}', the column {} gives consent in: consent is always "
        "read; remove it from the list",
        reader.columns()[static_cast<std::size_t>(consent_at)], path));
  for (std::size_t c = 0; c < reader.columns().size(); ++c) {
    const std::string& column = reader.columns()[c];
    if (static_cast<int>(c) == consent_at || listed_ignoring_case(ignored, column) ||
        !names_consent_or_suppression(column))
      continue;
    if (consent_at < 0)
      throw InputError(fmt::format(
          "{}:1: column '{}' is not read as consent: only a column named '{}' is (1/0, true/false, yes/no, "
          "y/n; 0 = may not be mailed); rename it (an opt-out column: its values inverted), or drop it",
          path, column, kConsent));
    throw InputError(fmt::format(
        "{}:1: column '{}' looks like consent or a mailing suppression, which is not read: only the column "
        "'{}' is (0 = may not be mailed); fold its opt-outs into '{}', or, if it holds none (an id, a link), "
        "list it in [ingest] households.ignore_columns",
        path, column, kConsent, kConsent));
  }
}
}  // namespace

std::vector<HouseholdInfo> read_households_csv(const std::string& path,
                                               const std::vector<std::string>& ignored) {
  CatalogReader reader(path);
  const int id = reader.column("household_key", true);
  const int consent = reader.column(kConsent, false);
  refuse_consent_under_another_name(reader, consent, ignored, path);
  const int birth_month = reader.column("birth_month", false);
  const int type = reader.column("hh_comp_desc", false);
  const int size = reader.column("household_size_desc", false);

  std::vector<HouseholdInfo> households;
  std::vector<int> lines;
  while (reader.next()) {
    HouseholdInfo& h = households.emplace_back();
    h.id = reader.id(id);
    if (const std::string_view text = reader.field(consent); !text.empty()) {
      const auto is = [&](std::string_view word) { return equals_ignoring_case(text, word); };
      if (is("1") || is("true") || is("yes") || is("y")) {
        h.consent = 1;
      } else if (is("0") || is("false") || is("no") || is("n")) {
        h.consent = 0;
      } else {
        reader.fail(consent, fmt::format("consent '{}' is not one of 1/0, true/false, yes/no, y/n", text));
      }
    }
    if (const std::string_view text = reader.field(birth_month); !text.empty()) {
      int month = -1;
      const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), month);
      if (ec != std::errc() || end != text.data() + text.size() || month < 0 || month > 12)
        reader.fail(birth_month, fmt::format("birth_month '{}' is not 1..12 (or 0/empty)", text));
      h.birth_month = static_cast<std::int8_t>(month);
    }
    h.household_type = reader.text(type);
    h.size_desc = reader.text(size);
    lines.push_back(reader.line_number());
  }
  sort_unique_by_id(households, lines, reader, id, "household_key");
  return households;
}

}  // namespace basketgap::io
