#include "io/export/sha256.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <climits>
#include <fstream>
#include <vector>

#include "io/errors.hpp"

namespace basketgap::io {
namespace {

// libcrypto fails only when out of memory or misconfigured: not something a rerun fixes.
void check(bool ok, const char* call) {
  if (!ok) throw Error(exit_internal, std::string("libcrypto: ") + call + " failed");
}

// A valid pointer even for an empty view, whose data() may be null.
const unsigned char* bytes_of(std::string_view text) {
  static const unsigned char kNothing = 0;
  return text.empty() ? &kNothing : reinterpret_cast<const unsigned char*>(text.data());
}

}  // namespace

void Sha256::FreeContext::operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }

Sha256::Sha256() : context_(EVP_MD_CTX_new()) {
  check(context_ != nullptr, "EVP_MD_CTX_new");
  check(EVP_DigestInit_ex(context_.get(), EVP_sha256(), nullptr) == 1, "EVP_DigestInit_ex");
}

void Sha256::update(const void* data, std::size_t size) {
  if (size == 0) return;
  check(EVP_DigestUpdate(context_.get(), data, size) == 1, "EVP_DigestUpdate");
}

Sha256::Digest Sha256::finish() {
  Digest out{};
  unsigned int size = 0;
  check(EVP_DigestFinal_ex(context_.get(), out.data(), &size) == 1 && size == out.size(),
        "EVP_DigestFinal_ex");
  return out;
}

std::string to_hex(const Sha256::Digest& digest) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (std::uint8_t b : digest) {
    out += digits[b >> 4];
    out += digits[b & 15];
  }
  return out;
}

std::string sha256_hex(std::string_view data) {
  Sha256 h;
  h.update(data);
  return to_hex(h.finish());
}

Sha256::Digest hmac_sha256(std::string_view key, std::string_view message) {
  if (key.size() > static_cast<std::size_t>(INT_MAX)) throw UsageError("HMAC key longer than INT_MAX bytes");
  Sha256::Digest out{};
  unsigned int size = 0;
  const unsigned char* done = HMAC(EVP_sha256(), bytes_of(key), static_cast<int>(key.size()),
                                   bytes_of(message), message.size(), out.data(), &size);
  check(done != nullptr && size == out.size(), "HMAC");
  return out;
}

std::string sha256_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(exit_no_input, path + ": cannot open");
  Sha256 h;
  std::vector<char> buffer(1 << 20);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    h.update(buffer.data(), static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) throw Error(exit_io, path + ": read error");
  return to_hex(h.finish());
}

}  // namespace basketgap::io
