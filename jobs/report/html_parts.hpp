// Pieces of the report's HTML shared by its sections: escaping, and the mark of a verdict.
#pragma once

#include <string>

#include "engine/intervals.hpp"

namespace basketgap::evaluate {

// Text made safe for element content and quoted attributes.
std::string esc(const std::string& s);

// ` class="best"` (better), ` class="worse"`, or "" (no clear difference): only a difference
// whose interval excludes 0 is bold.
const char* verdict_class(engine::Verdict verdict);

}  // namespace basketgap::evaluate
