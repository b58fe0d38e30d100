// How two spellings of one department or commodity name in a products file ("TOBACCO",
// "Tobacco ", "TOBAC CO", "DAIRY" with a no-break space from a spreadsheet) are told alike where
// a campaign's exclusions are applied (score) and checked again (export): ASCII letters
// upper-cased, every blank (space, tab, and the UTF-8 no-break, narrow no-break, figure, thin
// and ideographic spaces) dropped — inside a name too, so that a blank typed into a name does
// not let it escape its exclusion (fail closed: names that differ only in blanks are one name).
#pragma once

#include <string>
#include <string_view>

namespace basketgap {

namespace folded_name_detail {
// The byte length of a blank starting at `at` in `text`, 0 when none starts there.
inline std::size_t blank_at(std::string_view text, std::size_t at) {
  const auto starts = [&](std::string_view s) { return text.substr(at, s.size()) == s; };
  if (text[at] == ' ' || text[at] == '\t' || text[at] == '\r' || text[at] == '\n') return 1;
  if (starts("\xC2\xA0")) return 2;  // U+00A0 no-break space
  for (std::string_view wide :
       {"\xE2\x80\xAF", "\xE2\x80\x87", "\xE2\x80\x89", "\xE2\x80\x8A", "\xE3\x80\x80"})
    if (starts(wide)) return 3;  // U+202F, U+2007, U+2009, U+200A, U+3000
  return 0;
}
}  // namespace folded_name_detail

inline std::string folded_name(std::string_view name) {
  std::string out;
  for (std::size_t at = 0; at < name.size();) {
    if (const std::size_t blank = folded_name_detail::blank_at(name, at)) {
      at += blank;
      continue;
    }
    const char c = name[at++];
    out += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  }
  return out;
}

}  // namespace basketgap
