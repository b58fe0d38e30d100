// How two spellings of one department or commodity name in a products file ("TOBACCO",
// "Tobacco ") are told alike where a campaign's exclusions are applied (score) and checked
// again (export): ASCII letters upper-cased, runs of blanks made one, none at either end.
#pragma once

#include <string>

namespace basketgap {

inline std::string folded_name(const std::string& name) {
  std::string out;
  for (char c : name) {
    if (c == ' ' || c == '\t') {
      if (!out.empty() && out.back() != ' ') out += ' ';
      continue;
    }
    out += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace basketgap
