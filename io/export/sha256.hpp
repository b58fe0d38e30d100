// SHA-256 (FIPS 180-4) and HMAC-SHA256 (RFC 2104), streaming, for export checksums and
// keyed pseudonyms; computed by OpenSSL's libcrypto. tests/unit/test_campaign_sha256.cpp
// checks the FIPS 180-4 / RFC 4231 vectors.
#pragma once

#include <openssl/types.h>

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace basketgap::io {

class Sha256 {
 public:
  using Digest = std::array<std::uint8_t, 32>;
  Sha256();
  void update(const void* data, std::size_t size);
  void update(std::string_view text) { update(text.data(), text.size()); }
  Digest finish();  // the object must not be updated afterwards

 private:
  struct FreeContext {
    void operator()(EVP_MD_CTX* context) const;
  };
  std::unique_ptr<EVP_MD_CTX, FreeContext> context_;
};

std::string to_hex(const Sha256::Digest& digest);
std::string sha256_hex(std::string_view data);
Sha256::Digest hmac_sha256(std::string_view key, std::string_view message);

// Hex SHA-256 of a file's bytes; throws Error(exit_no_input) when it cannot be read.
std::string sha256_file(const std::string& path);

}  // namespace basketgap::io
