// SHA-256 (FIPS 180-4) and HMAC-SHA256 (RFC 2104), streaming, for export checksums and
// keyed pseudonyms. Written from the standard; tests/unit/test_campaign_sha256.cpp checks the
// FIPS 180-4 / RFC 4231 vectors.
#pragma once

#include <array>
#include <cstdint>
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
  void block(const std::uint8_t* p);
  std::array<std::uint32_t, 8> state_;
  std::array<std::uint8_t, 64> buffer_{};
  std::size_t buffered_ = 0;
  std::uint64_t length_ = 0;  // bytes hashed
};

std::string to_hex(const Sha256::Digest& digest);
std::string sha256_hex(std::string_view data);
Sha256::Digest hmac_sha256(std::string_view key, std::string_view message);

// Hex SHA-256 of a file's bytes; throws Error(exit_no_input) when it cannot be read.
std::string sha256_file(const std::string& path);

}  // namespace basketgap::io
