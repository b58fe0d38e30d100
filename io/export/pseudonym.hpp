// Keyed pseudonyms for exported household ids (docs/CAMPAIGN.md): HMAC-SHA256 of the decimal
// external id under a secret key, as 32 hex digits. The key is never logged nor written out.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace basketgap::io {

inline constexpr const char* kPseudonymKeyVariable = "BASKETGAP_PSEUDONYM_KEY";

// The key from `key_file` (whole file, trailing CR/LF dropped) when given, else from the
// environment variable; nullopt when neither is set. Throws UsageError when the key is shorter
// than 16 bytes or the variable is set but empty, Error(exit_no_input) when the file cannot be read.
std::optional<std::string> load_pseudonym_key(const std::string& key_file);

// False when the key file can be read by users other than its owner (group or others).
bool key_file_is_private(const std::string& key_file);

std::string pseudonym(const std::string& key, std::int64_t household_id);

}  // namespace basketgap::io
