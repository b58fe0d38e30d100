// RFC 4180 field splitting for one CSV line, and quoting for the CSV writers. The splitter
// allocates nothing once its buffers are warm: it runs once per input line.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "io/csv/transaction_row.hpp"

namespace basketgap::io {

// Splits `line` (one physical line, a trailing '\r' is dropped) into `fields`. Unquoted fields
// and quoted fields without "" escapes are views into `line`; unescaped text goes to `scratch`,
// which is reserved up front so the views stay valid. Both must outlive the use of `fields`.
// Quoted fields cannot span lines here: the line readers split on '\n' first.
// On a stray or unterminated quote, text after a closing quote or a NUL byte, returns false
// with error = {malformed_line, 1-based column, what is wrong}.
bool split_csv_line(std::string_view line, std::vector<std::string_view>& fields, std::string& scratch,
                    ParseError& error);

// `text` as one CSV field: quoted (with "" escapes) only when it holds , " CR or LF.
std::string csv_quote(std::string_view text);

// One CSV line (without terminator) from unquoted field values.
std::string csv_join(const std::vector<std::string>& fields);

std::string_view trim_spaces_slow(std::string_view text);

// `text` without surrounding spaces and tabs; inline since nearly every field has none.
inline std::string_view trim_spaces(std::string_view text) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t'; };
  if (text.empty() || (!is_space(text.front()) && !is_space(text.back()))) return text;
  return trim_spaces_slow(text);
}

// Column names of a header line: trimmed, after dropping a leading UTF-8 byte order mark.
// Throws InputError "FILE:1: ..." on malformed quoting.
std::vector<std::string> split_csv_header(std::string_view header_line, const std::string& file);

// Whether `text` is well-formed UTF-8 (no overlong forms, surrogates or code points past
// U+10FFFF): descriptions go to mailing files whose readers expect UTF-8.
bool is_valid_utf8(std::string_view text);

// The first character of well-formed UTF-8 `text` that breaks or garbles a line in a
// line-read file (C0 controls but TAB, DEL, C1 controls, U+2028, U+2029): its byte offset and
// code point; npos and 0 when there is none. A mailing importer that reads line by line would
// split a description at a bare CR or a line separator.
struct ControlCharacter {
  std::size_t offset = std::string_view::npos;
  std::uint32_t code = 0;
};
ControlCharacter first_control_character(std::string_view text);

// At most `bytes` bytes of `text`, cut before a character that would not fit whole (a quoted
// line in a rejects file must stay UTF-8 when the line was).
std::string_view utf8_prefix(std::string_view text, std::size_t bytes);

// ASCII case-insensitive equality (header names, yes/no words).
bool equals_ignoring_case(std::string_view a, std::string_view b);

// Levenshtein distance (insertions, deletions, substitutions), ASCII letters folded to lower
// case: how far a misspelled name (a header column, a config key) is from a known one.
std::size_t edit_distance_ignoring_case(std::string_view a, std::string_view b);

// Whether `other` is `name` but for case or a typo: at most two edits when `name` has six or
// more characters, one when shorter — a misspelling, not another name (header columns against
// the names the reader needs, the campaign's department names against the store's).
bool is_misspelling_of(std::string_view other, std::string_view name);

// Index of `name` in `columns`: an exact match first, else a case-insensitive one; -1 when
// absent. Two matches of one kind (`DAY` twice, or `day` and `Day` looking for `DAY`) are an
// InputError naming `file`:1: which of them holds the data is a guess that would change it.
int find_column(const std::vector<std::string>& columns, std::string_view name, const std::string& file);

// Index of the optional column `name`, -1 when the header does not have it. InputError
// naming `file`:1 when a header column looks like a misspelling of it (within two edits,
// ignoring case): an optional column read as absent would change the data silently.
int find_optional_column(const std::vector<std::string>& columns, std::string_view name,
                         const std::string& file);

// "a, b, c": the header as listed in error messages.
std::string list_columns(const std::vector<std::string>& columns);

}  // namespace basketgap::io
