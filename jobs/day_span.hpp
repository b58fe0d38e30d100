// A range of days as the logs and messages print it: "636-649", or "-8 to 5" when a day is
// negative (stores may hold days before their origin), where "-8-5" would read as arithmetic.
#pragma once

#include <fmt/format.h>

#include <cstdint>
#include <string>

namespace basketgap {

inline std::string day_span(std::int64_t first, std::int64_t last) {
  return first < 0 || last < 0 ? fmt::format("{} to {}", first, last) : fmt::format("{}-{}", first, last);
}

}  // namespace basketgap
