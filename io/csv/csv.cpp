#include "io/csv/csv.hpp"

#include <cstdint>

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#include "io/errors.hpp"

namespace basketgap::io {

namespace {

bool fail(ParseError& error, std::size_t column, const char* message) {
  error.reason = RejectReason::malformed_line;
  error.column = static_cast<int>(column);
  error.message = message;
  return false;
}

// Column of the byte at `pos`, counting only separators outside quotes.
std::size_t column_at(std::string_view line, std::size_t pos) {
  std::size_t column = 1;
  bool quoted = false;
  for (std::size_t i = 0; i < pos; ++i) {
    if (line[i] == '"')
      quoted = !quoted;
    else if (line[i] == ',' && !quoted)
      ++column;
  }
  return column;
}

// The common case, one pass over short fields (a memchr per field costs more than it saves).
// Returns false on a quote or NUL byte, which the general path handles.
bool split_plain(std::string_view line, std::vector<std::string_view>& fields) {
  const char* p = line.data();
  const char* const end = p + line.size();
  const char* start = p;
  for (; p != end; ++p) {
    const char c = *p;
    if (c == ',') {
      fields.emplace_back(start, p - start);
      start = p + 1;
    } else if (c == '"' || c == '\0') {
      return false;
    }
  }
  fields.emplace_back(start, end - start);
  return true;
}

}  // namespace

bool split_csv_line(std::string_view line, std::vector<std::string_view>& fields, std::string& scratch,
                    ParseError& error) {
  fields.clear();
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (split_plain(line, fields)) return true;
  fields.clear();
  if (const void* nul = std::memchr(line.data(), '\0', line.size())) {
    return fail(error, column_at(line, static_cast<const char*>(nul) - line.data()),
                "NUL byte in the line (binary data, or text in UTF-16? save it as UTF-8)");
  }

  // Unescaped text is never longer than the line: one reservation keeps views stable.
  scratch.clear();
  if (scratch.capacity() < line.size()) scratch.reserve(line.size());
  const std::size_t n = line.size();
  std::size_t i = 0;
  for (;;) {
    const std::size_t column = fields.size() + 1;
    if (i < n && line[i] == '"') {
      const std::size_t start = i + 1;
      std::size_t j = start;
      std::size_t close = std::string_view::npos;
      bool escaped = false;
      while (j < n) {
        const std::size_t q = line.find('"', j);
        if (q == std::string_view::npos) break;
        if (q + 1 < n && line[q + 1] == '"') {
          escaped = true;
          j = q + 2;
          continue;
        }
        close = q;
        break;
      }
      if (close == std::string_view::npos) return fail(error, column, "unterminated quoted field");
      if (!escaped) {
        fields.push_back(line.substr(start, close - start));
      } else {
        const std::size_t at = scratch.size();
        for (std::size_t k = start; k < close; ++k) {
          scratch.push_back(line[k]);
          if (line[k] == '"') ++k;  // the second quote of a "" pair
        }
        fields.emplace_back(scratch.data() + at, scratch.size() - at);
      }
      i = close + 1;
      if (i == n) return true;
      if (line[i] != ',') return fail(error, column, "text after the closing quote of a field");
      ++i;
    } else {
      std::size_t comma = line.find(',', i);
      if (comma == std::string_view::npos) comma = n;
      const std::string_view field = line.substr(i, comma - i);
      if (field.find('"') != std::string_view::npos)
        return fail(error, column, "quote inside an unquoted field");
      fields.push_back(field);
      if (comma == n) return true;
      i = comma + 1;
    }
  }
}

std::string csv_quote(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string out;
  out.reserve(text.size() + 2);
  out.push_back('"');
  for (char c : text) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

std::string csv_join(const std::vector<std::string>& fields) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i) out.push_back(',');
    out += csv_quote(fields[i]);
  }
  return out;
}

bool is_valid_utf8(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  for (std::size_t i = 0; i < n;) {
    const unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t length;
    std::uint32_t code;
    if ((c & 0xE0) == 0xC0) {
      length = 2, code = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      length = 3, code = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      length = 4, code = c & 0x07;
    } else {
      return false;  // a continuation byte first, or 0xF8..0xFF
    }
    if (i + length > n) return false;
    for (std::size_t k = 1; k < length; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return false;
      code = (code << 6) | (s[i + k] & 0x3F);
    }
    constexpr std::uint32_t kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code < kSmallest[length] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return false;
    i += length;
  }
  return true;
}

ControlCharacter first_control_character(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = s[i];
    if ((c < 0x20 && c != '\t') || c == 0x7F) return {i, c};
    if (c == 0xC2 && i + 1 < text.size() && s[i + 1] >= 0x80 && s[i + 1] <= 0x9F)
      return {i, s[i + 1]};  // U+0080 .. U+009F
    if (c == 0xE2 && i + 2 < text.size() && s[i + 1] == 0x80 && (s[i + 2] == 0xA8 || s[i + 2] == 0xA9))
      return {i, 0x2000u + (s[i + 2] - 0x80u)};  // U+2028, U+2029
  }
  return {};
}

std::string_view utf8_prefix(std::string_view text, std::size_t bytes) {
  if (text.size() <= bytes) return text;
  std::size_t end = bytes;
  // Back over the continuation bytes of the character the cut would split (at most three).
  while (end > 0 && bytes - end < 3 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  if ((static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) end = bytes;  // not UTF-8 anyway
  return text.substr(0, end);
}

std::string_view trim_spaces_slow(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t");
  return text.substr(first, last - first + 1);
}

std::vector<std::string> split_csv_header(std::string_view header_line, const std::string& file) {
  // The byte order mark goes first: it may precede a quoted first name.
  if (header_line.starts_with("\xEF\xBB\xBF")) header_line.remove_prefix(3);
  if (header_line.starts_with("\xFF\xFE") || header_line.starts_with("\xFE\xFF"))
    throw InputError(file + ":1: the file is UTF-16 text (its byte order mark says so): save it as UTF-8");
  // A CR before the end: lines ended by CR alone (an old Mac export) read as one line, the
  // header running on into the data — it would parse as a header and no data line.
  if (const std::size_t cr = header_line.find('\r');
      cr != std::string_view::npos && cr + 1 < header_line.size())
    throw InputError(file +
                     ":1: the header line holds a CR before its end: lines ended by CR alone (an old Mac "
                     "export?); basketgap reads lines ended by LF or CRLF");
  std::vector<std::string_view> fields;
  std::string scratch;
  ParseError error;
  if (!split_csv_line(header_line, fields, scratch, error))
    throw InputError(fmt::format("{}:1:{}: header: {}", file, error.column, error.message));
  std::vector<std::string> names;
  names.reserve(fields.size());
  for (std::string_view name : fields) names.emplace_back(trim_spaces(name));
  return names;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; };
  return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                    [&](char x, char y) { return lower(x) == lower(y); });
}

int find_column(const std::vector<std::string>& columns, std::string_view name, const std::string& file) {
  const auto unique_match = [&](auto matches) {
    int found = -1;
    for (std::size_t i = 0; i < columns.size(); ++i) {
      if (!matches(columns[i])) continue;
      if (found >= 0)
        throw InputError(
            fmt::format("{}:1: the header has column '{}' twice (columns {} and {}): which one "
                        "holds the data is ambiguous; rename or remove one",
                        file, name, found + 1, i + 1));
      found = static_cast<int>(i);
    }
    return found;
  };
  const int exact = unique_match([&](const std::string& c) { return c == name; });
  if (exact >= 0) return exact;
  return unique_match([&](const std::string& c) { return equals_ignoring_case(c, name); });
}

std::size_t edit_distance_ignoring_case(std::string_view a, std::string_view b) {
  const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; };
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t substitution = diagonal + (lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1);
      diagonal = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, substitution});
    }
  }
  return row[b.size()];
}

bool is_misspelling_of(std::string_view other, std::string_view name) {
  return edit_distance_ignoring_case(other, name) <= (name.size() >= 6 ? 2u : 1u);
}

int find_optional_column(const std::vector<std::string>& columns, std::string_view name,
                         const std::string& file) {
  const int index = find_column(columns, name, file);
  if (index >= 0) return index;
  for (const std::string& column : columns)
    if (is_misspelling_of(column, name))
      throw InputError(
          fmt::format("{}:1: header column '{}' looks like a misspelling of '{}' (header has: {}); "
                      "fix the header: read as absent, '{}' would silently take its default",
                      file, column, name, list_columns(columns), name));
  return -1;
}

std::string list_columns(const std::vector<std::string>& columns) {
  std::string out;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (i) out += ", ";
    out += columns[i];
  }
  // Another separator reads as one odd header: named (the file is refused either way).
  if (const std::size_t at = columns.size() == 1 ? columns[0].find_first_of(";\t|") : std::string::npos;
      at != std::string::npos)
    out += fmt::format(
        " — one field holding '{}': a file separated by it? basketgap reads comma-separated files",
        columns[0][at] == '\t' ? std::string("\\t") : std::string(1, columns[0][at]));
  return out;
}

}  // namespace basketgap::io
