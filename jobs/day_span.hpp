// A range of days as the logs and messages print it: "636-649" ("51" for one day), or "-8 to 5"
// when a day is negative (stores may hold days before their origin), where "-8-5" would read as
// arithmetic.
#pragma once

#include <fmt/format.h>

#include <cstdint>
#include <string>

namespace basketgap {

inline std::string day_span(std::int64_t first, std::int64_t last) {
  if (first == last) return fmt::format("{}", first);  // "days 51", not "days 51-51"
  return first < 0 || last < 0 ? fmt::format("{} to {}", first, last) : fmt::format("{}-{}", first, last);
}

// "day 712 is missing" / "days 712-720 are missing".
inline std::string missing_days(std::int64_t first, std::int64_t last) {
  return fmt::format("{} {} {} missing", first == last ? "day" : "days", day_span(first, last),
                     first == last ? "is" : "are");
}

}  // namespace basketgap
