// Text made from the key table: a section's effective values as TOML (what describe() writes
// into the outputs) and the Markdown table of its keys (what the docs carry).
#pragma once

#include <string>
#include <string_view>

#include "jobs/config/config_keys.hpp"

namespace basketgap {

// A value as TOML text; doubles with six significant digits (std::ostream), as the coupons
// files and checkpoint keys have always had them.
std::string value_text(const KeyValue& value);

// The docs' table of `section`'s keys: key (relative to the section), type, default, range, meaning.
std::string keys_markdown(std::string_view section);

}  // namespace basketgap
