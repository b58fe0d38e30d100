// Configuration errors name the place in the file: "FILE:LINE:COLUMN: message" (exit 64).
#pragma once

#include <toml++/toml.h>

#include <string>

#include "io/errors.hpp"

namespace basketgap {

inline UsageError config_error(const std::string& path, const toml::source_position& at,
                               const std::string& message) {
  return UsageError(path + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) + ": " + message);
}

}  // namespace basketgap
