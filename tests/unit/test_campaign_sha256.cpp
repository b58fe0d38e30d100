// SHA-256 against FIPS 180-4 example vectors and HMAC-SHA256 against RFC 4231; pseudonyms.
#include <gtest/gtest.h>

#include <string>

#include "io/export/sha256.hpp"
#include "io/export/pseudonym.hpp"

namespace basketgap {
namespace {

TEST(campaign_sha256, Fips180Vectors) {
  EXPECT_EQ(io::sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(io::sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(io::sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(io::sha256_hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"),
            "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
  // One million 'a', fed in uneven pieces to exercise the buffering.
  io::Sha256 h;
  const std::string piece(997, 'a');
  std::size_t left = 1000000;
  while (left > 0) {
    const std::size_t n = std::min(left, piece.size());
    h.update(piece.data(), n);
    left -= n;
  }
  EXPECT_EQ(io::to_hex(h.finish()), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(campaign_sha256, HmacRfc4231) {
  EXPECT_EQ(io::to_hex(io::hmac_sha256(std::string(20, '\x0b'), "Hi There")),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  EXPECT_EQ(io::to_hex(io::hmac_sha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  // Test case 6: a key longer than the block size is hashed first.
  EXPECT_EQ(io::to_hex(io::hmac_sha256(std::string(131, '\xaa'), "Test Using Larger Than Block-Size Key - Hash Key First")),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST(campaign_sha256, PseudonymIsKeyedTruncatedHmac) {
  const std::string key = "0123456789abcdef-secret";
  const std::string p = io::pseudonym(key, 42);
  EXPECT_EQ(p.size(), 32u);
  EXPECT_EQ(p, io::to_hex(io::hmac_sha256(key, "42")).substr(0, 32));
  EXPECT_EQ(p, io::pseudonym(key, 42));
  EXPECT_NE(p, io::pseudonym(key, 43));
  EXPECT_NE(p, io::pseudonym(key + "x", 42));
}

}  // namespace
}  // namespace basketgap
