#include "io/export/pseudonym.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "io/errors.hpp"
#include "io/export/sha256.hpp"

namespace basketgap::io {

std::optional<std::string> load_pseudonym_key(const std::string& key_file) {
  std::string key;
  if (!key_file.empty()) {
    std::ifstream in(key_file, std::ios::binary);
    if (!in) throw Error(exit_no_input, key_file + ": cannot read the pseudonymisation key");
    std::stringstream text;
    text << in.rdbuf();
    key = text.str();
    while (!key.empty() && (key.back() == '\n' || key.back() == '\r')) key.pop_back();
  } else if (const char* env = std::getenv(kPseudonymKeyVariable)) {
    // Set but empty is a mistake (a key lost on the way), not a request for raw ids.
    if (!*env)
      throw UsageError(
          std::string(kPseudonymKeyVariable) +
          " is set but empty: set it to a key of at least 16 bytes, or unset it to export raw ids");
    key = env;
  } else {
    return std::nullopt;
  }
  if (key.size() < 16)
    throw UsageError(std::string("the pseudonymisation key (") +
                     (key_file.empty() ? kPseudonymKeyVariable : key_file) + ") is shorter than 16 bytes");
  return key;
}

bool key_file_is_private(const std::string& key_file) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::perms p = fs::status(key_file, ec).permissions();
  return ec || (p & (fs::perms::group_read | fs::perms::others_read)) == fs::perms::none;
}

std::string pseudonym(const std::string& key, std::int64_t household_id) {
  return io::to_hex(io::hmac_sha256(key, std::to_string(household_id))).substr(0, 32);
}

}  // namespace basketgap::io
