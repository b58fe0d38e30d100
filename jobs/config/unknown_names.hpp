// Every name in a config file must be a known section or key: a misspelled [campain] would
// otherwise drop the campaign's exclusions and control group without a word.
#pragma once

#include <toml++/toml.h>

#include <string>
#include <string_view>
#include <vector>

namespace basketgap {

// Throws UsageError at the first unknown section or key in file order (FILE:LINE:COLUMN, the
// known names around it, the nearest one when it looks like a typo), or at a known section
// given as a plain value.
void reject_unknown_names(const toml::table& root, const std::string& path);

// The candidate closest to `name` by edit distance when close enough to be a typo, else "".
std::string nearest_name(std::string_view name, const std::vector<std::string>& candidates);

}  // namespace basketgap
