// SHA-256 against the FIPS 180-4 example vectors and HMAC-SHA256 against RFC 4231 (test cases
// 1-4, 6, 7; 5 truncates the output, which pseudonyms do themselves); file checksums; pseudonyms.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "io/errors.hpp"
#include "io/export/pseudonym.hpp"
#include "io/export/sha256.hpp"

namespace basketgap {
namespace {

std::string hmac_hex(const std::string& key, const std::string& message) {
  return io::to_hex(io::hmac_sha256(key, message));
}

TEST(campaign_sha256, Fips180Vectors) {
  EXPECT_EQ(io::sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(io::sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  // The 448-bit message.
  EXPECT_EQ(io::sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  // The 896-bit message.
  EXPECT_EQ(
      io::sha256_hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnop"
                     "qrlmnopqrsmnopqrstnopqrstu"),
      "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

TEST(campaign_sha256, OneMillionAInUnevenPieces) {
  const std::string expected = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
  EXPECT_EQ(io::sha256_hex(std::string(1000000, 'a')), expected);
  io::Sha256 h;
  const std::string piece(997, 'a');
  std::size_t left = 1000000;
  while (left > 0) {
    const std::size_t n = std::min(left, piece.size());
    h.update(piece.data(), n);
    h.update(piece.data(), 0);  // empty updates change nothing
    left -= n;
  }
  EXPECT_EQ(io::to_hex(h.finish()), expected);
}

TEST(campaign_sha256, HmacRfc4231) {
  // 1: a 20-byte key.
  EXPECT_EQ(hmac_hex(std::string(20, '\x0b'), "Hi There"),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  // 2: a key shorter than the output.
  EXPECT_EQ(hmac_hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  // 3: key and data of bytes that are not text.
  EXPECT_EQ(hmac_hex(std::string(20, '\xaa'), std::string(50, '\xdd')),
            "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe");
  // 4: key 0x01 .. 0x19.
  std::string counting;
  for (char c = 1; c <= 25; ++c) counting += c;
  EXPECT_EQ(hmac_hex(counting, std::string(50, '\xcd')),
            "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b");
  // 6: a key longer than the block size is hashed first.
  EXPECT_EQ(hmac_hex(std::string(131, '\xaa'), "Test Using Larger Than Block-Size Key - Hash Key First"),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
  // 7: key and data both longer than the block size.
  EXPECT_EQ(hmac_hex(std::string(131, '\xaa'),
                     "This is a test using a larger than block-size key and a larger than block-size data. "
                     "The key needs to be hashed before being used by the HMAC algorithm."),
            "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2");
}

TEST(campaign_sha256, HmacOfNothing) {
  // An empty key and message are still an HMAC (libcrypto must not treat them as missing).
  EXPECT_EQ(io::to_hex(io::hmac_sha256(std::string_view(), std::string_view())),
            "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
}

TEST(campaign_sha256, FileChecksum) {
  const std::string path =
      (std::filesystem::temp_directory_path() / ("sha256-" + std::to_string(::getpid()) + ".txt")).string();
  std::ofstream(path, std::ios::binary) << "abc";
  EXPECT_EQ(io::sha256_file(path), io::sha256_hex("abc"));
  std::filesystem::remove(path);
  try {
    io::sha256_file(path);
    FAIL() << "a missing file has no checksum";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), exit_no_input);
  }
}

TEST(campaign_sha256, PseudonymIsKeyedTruncatedHmac) {
  const std::string key = "0123456789abcdef-secret";
  const std::string p = io::pseudonym(key, 42);
  EXPECT_EQ(p.size(), 32u);
  EXPECT_EQ(p, hmac_hex(key, "42").substr(0, 32));
  EXPECT_EQ(p, io::pseudonym(key, 42));
  EXPECT_NE(p, io::pseudonym(key, 43));
  EXPECT_NE(p, io::pseudonym(key + "x", 42));
}

}  // namespace
}  // namespace basketgap
