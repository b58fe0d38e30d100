#include "io/spill/codec.hpp"

#include <array>
#include <bit>
#include <cstring>

#if defined(__x86_64__)
#include <tmmintrin.h>
#endif

namespace basketgap::io {

static_assert(std::endian::native == std::endian::little, "spill words are stored little-endian");

namespace {

// Bytes of a word with length code 0..3, and the mask keeping them out of a 4-byte load.
constexpr std::array<std::uint32_t, 4> kLength = {0, 1, 2, 4};
constexpr std::array<std::uint32_t, 4> kMask = {0, 0xFFu, 0xFFFFu, 0xFFFFFFFFu};

// The length code of a zigzagged word by its bit width (0..32): 3 bytes round up to 4.
constexpr std::array<std::uint8_t, 33> code_by_width() {
  std::array<std::uint8_t, 33> codes{};
  for (int bits = 0; bits <= 32; ++bits) codes[bits] = bits == 0 ? 0 : bits <= 8 ? 1 : bits <= 16 ? 2 : 3;
  return codes;
}
constexpr std::array<std::uint8_t, 33> kCodeByWidth = code_by_width();

// The data bytes of the four words that one code byte describes.
constexpr std::array<std::uint8_t, 256> bytes_by_codes() {
  std::array<std::uint8_t, 256> sums{};
  for (int c = 0; c < 256; ++c)
    sums[c] = static_cast<std::uint8_t>(kLength[c & 3] + kLength[(c >> 2) & 3] + kLength[(c >> 4) & 3] +
                                        kLength[(c >> 6) & 3]);
  return sums;
}
constexpr std::array<std::uint8_t, 256> kBytesByCodes = bytes_by_codes();

std::uint32_t zigzag(std::uint32_t delta) {
  return (delta << 1) ^ static_cast<std::uint32_t>(static_cast<std::int32_t>(delta) >> 31);
}
std::uint32_t unzigzag(std::uint32_t zz) { return (zz >> 1) ^ (0u - (zz & 1u)); }

std::uint32_t previous_word(const std::uint32_t* previous, std::size_t w) {
  return previous ? previous[w] : 0u;
}

// Words [first, words) of one record, one at a time; their codes are or-ed into `codes`.
std::uint8_t* encode_words(const std::uint32_t* row, const std::uint32_t* previous, std::size_t first,
                           std::size_t words, std::uint8_t* codes, std::uint8_t* p) {
  for (std::size_t w = first; w < words; ++w) {
    const std::uint32_t zz = zigzag(row[w] - previous_word(previous, w));
    const std::uint8_t code = kCodeByWidth[std::bit_width(zz)];
    codes[w / 4] |= static_cast<std::uint8_t>(code << (2 * (w % 4)));
    std::memcpy(p, &zz, 4);  // always 4 bytes: the bound leaves room past the worst case
    p += kLength[code];
  }
  return p;
}

// Words [first, words) of one record from `in`; `loads_fit`: 4 bytes readable at every word.
const std::uint8_t* decode_words(const std::uint8_t* codes, const std::uint8_t* in, bool loads_fit,
                                 const std::uint32_t* previous, std::size_t first, std::size_t words,
                                 std::uint32_t* row) {
  for (std::size_t w = first; w < words; ++w) {
    const unsigned code = (codes[w / 4] >> (2 * (w % 4))) & 3u;
    std::uint32_t zz = 0;
    if (loads_fit) {
      std::memcpy(&zz, in, 4);
      zz &= kMask[code];
    } else {
      std::memcpy(&zz, in, kLength[code]);
    }
    in += kLength[code];
    row[w] = previous_word(previous, w) + unzigzag(zz);
  }
  return in;
}

#if defined(__x86_64__)
// Four words at a time with SSSE3's byte shuffle: the code byte picks the shuffle that spreads
// the packed bytes into four 32-bit lanes (decode) or packs the lanes' low bytes (encode).
using ShuffleTable = std::array<std::array<std::uint8_t, 16>, 256>;

constexpr ShuffleTable decode_shuffles() {
  ShuffleTable table{};
  for (int c = 0; c < 256; ++c) {
    std::uint8_t offset = 0;
    for (int lane = 0; lane < 4; ++lane) {
      const std::uint32_t length = kLength[(c >> (2 * lane)) & 3];
      for (std::uint32_t b = 0; b < 4; ++b)
        table[c][4 * lane + b] = b < length ? static_cast<std::uint8_t>(offset + b) : 0x80;
      offset = static_cast<std::uint8_t>(offset + length);
    }
  }
  return table;
}
constexpr ShuffleTable encode_shuffles() {
  ShuffleTable table{};
  for (int c = 0; c < 256; ++c) {
    std::size_t out = 0;
    for (int lane = 0; lane < 4; ++lane)
      for (std::uint32_t b = 0; b < kLength[(c >> (2 * lane)) & 3]; ++b)
        table[c][out++] = static_cast<std::uint8_t>(4 * lane + b);
    for (; out < 16; ++out) table[c][out] = 0x80;
  }
  return table;
}
alignas(16) constexpr ShuffleTable kDecodeShuffle = decode_shuffles();
alignas(16) constexpr ShuffleTable kEncodeShuffle = encode_shuffles();

// A 4-bit lane mask spread to bits 0, 2, 4, 6: adding three of them gives the lanes' codes.
constexpr std::array<std::uint8_t, 16> spread_masks() {
  std::array<std::uint8_t, 16> spread{};
  for (int m = 0; m < 16; ++m)
    spread[m] = static_cast<std::uint8_t>((m & 1) | ((m & 2) << 1) | ((m & 4) << 2) | ((m & 8) << 3));
  return spread;
}
constexpr std::array<std::uint8_t, 16> kSpread = spread_masks();

__attribute__((target("ssse3"))) std::size_t encode_ssse3(const std::uint32_t* rows, std::size_t records,
                                                          std::size_t words, std::uint8_t* out) {
  const std::size_t code_bytes = (words + 3) / 4;
  const std::size_t groups = words / 4;
  const __m128i sign = _mm_set1_epi32(static_cast<int>(0x80000000u));
  const __m128i above0 = _mm_xor_si128(_mm_setzero_si128(), sign);
  const __m128i above1 = _mm_xor_si128(_mm_set1_epi32(0xFF), sign);
  const __m128i above2 = _mm_xor_si128(_mm_set1_epi32(0xFFFF), sign);
  std::uint8_t* p = out;
  const std::uint32_t* previous = nullptr;
  for (std::size_t r = 0; r < records; ++r, rows += words) {
    std::uint8_t* codes = p;
    std::memset(codes, 0, code_bytes);
    p += code_bytes;
    for (std::size_t g = 0; g < groups; ++g) {
      const __m128i now = _mm_loadu_si128(reinterpret_cast<const __m128i*>(rows + 4 * g));
      const __m128i before = previous ? _mm_loadu_si128(reinterpret_cast<const __m128i*>(previous + 4 * g))
                                      : _mm_setzero_si128();
      const __m128i delta = _mm_sub_epi32(now, before);
      const __m128i zz = _mm_xor_si128(_mm_slli_epi32(delta, 1), _mm_srai_epi32(delta, 31));
      const __m128i biased = _mm_xor_si128(zz, sign);  // unsigned compares as signed ones
      const int over0 = _mm_movemask_ps(_mm_castsi128_ps(_mm_cmpgt_epi32(biased, above0)));
      const int over1 = _mm_movemask_ps(_mm_castsi128_ps(_mm_cmpgt_epi32(biased, above1)));
      const int over2 = _mm_movemask_ps(_mm_castsi128_ps(_mm_cmpgt_epi32(biased, above2)));
      const std::uint8_t code = static_cast<std::uint8_t>(kSpread[over0] + kSpread[over1] + kSpread[over2]);
      codes[g] = code;
      const __m128i packed =
          _mm_shuffle_epi8(zz, _mm_load_si128(reinterpret_cast<const __m128i*>(kEncodeShuffle[code].data())));
      _mm_storeu_si128(reinterpret_cast<__m128i*>(p), packed);
      p += kBytesByCodes[code];
    }
    p = encode_words(rows, previous, 4 * groups, words, codes, p);
    previous = rows;
  }
  return static_cast<std::size_t>(p - out);
}

// Decodes while 16 bytes are readable at every group; returns the records done, `in` advanced.
__attribute__((target("ssse3"))) std::size_t decode_ssse3(const std::uint8_t*& in, const std::uint8_t* end,
                                                          std::size_t records, std::size_t words,
                                                          std::uint32_t* rows) {
  const std::size_t code_bytes = (words + 3) / 4;
  const std::size_t groups = words / 4;
  const unsigned spare_shift = 2 * static_cast<unsigned>(words % 4);
  const __m128i one = _mm_set1_epi32(1);
  const std::uint32_t* previous = nullptr;
  std::size_t r = 0;
  // A record takes at most code_bytes + 4 * words bytes; 16 more keep every load inside.
  const std::size_t worst = code_bytes + 4 * words + 16;
  for (; r < records && static_cast<std::size_t>(end - in) >= worst; ++r, rows += words) {
    const std::uint8_t* codes = in;
    if (spare_shift != 0 && (codes[code_bytes - 1] >> spare_shift) != 0) return r;  // damaged: scalar says so
    in += code_bytes;
    for (std::size_t g = 0; g < groups; ++g) {
      const std::uint8_t code = codes[g];
      const __m128i data = _mm_loadu_si128(reinterpret_cast<const __m128i*>(in));
      const __m128i zz = _mm_shuffle_epi8(
          data, _mm_load_si128(reinterpret_cast<const __m128i*>(kDecodeShuffle[code].data())));
      __m128i value =
          _mm_xor_si128(_mm_srli_epi32(zz, 1), _mm_sub_epi32(_mm_setzero_si128(), _mm_and_si128(zz, one)));
      if (previous)
        value = _mm_add_epi32(value, _mm_loadu_si128(reinterpret_cast<const __m128i*>(previous + 4 * g)));
      _mm_storeu_si128(reinterpret_cast<__m128i*>(rows + 4 * g), value);
      in += kBytesByCodes[code];
    }
    in = decode_words(codes, in, true, previous, 4 * groups, words, rows);
    previous = rows;
  }
  return r;
}

bool has_ssse3() {
  static const bool yes = __builtin_cpu_supports("ssse3");
  return yes;
}
#endif

}  // namespace

namespace detail {

std::size_t encode_word_deltas_scalar(const std::uint32_t* rows, std::size_t records, std::size_t words,
                                      std::uint8_t* out) {
  const std::size_t code_bytes = (words + 3) / 4;
  std::uint8_t* p = out;
  const std::uint32_t* previous = nullptr;
  for (std::size_t r = 0; r < records; ++r, rows += words) {
    std::uint8_t* codes = p;
    std::memset(codes, 0, code_bytes);
    p = encode_words(rows, previous, 0, words, codes, p + code_bytes);
    previous = rows;
  }
  return static_cast<std::size_t>(p - out);
}

bool decode_word_deltas_scalar(const std::uint8_t* in, const std::uint8_t* end, std::size_t records,
                               std::size_t words, std::uint32_t* rows, const std::uint32_t* previous) {
  const std::size_t code_bytes = (words + 3) / 4;
  // Code slots past the last word must be empty (their bits are set only by damage).
  const unsigned spare_shift = 2 * static_cast<unsigned>(words % 4);
  for (std::size_t r = 0; r < records; ++r, rows += words) {
    if (static_cast<std::size_t>(end - in) < code_bytes) return false;
    const std::uint8_t* codes = in;
    in += code_bytes;
    if (spare_shift != 0 && (codes[code_bytes - 1] >> spare_shift) != 0) return false;
    std::size_t data = 0;
    for (std::size_t c = 0; c < code_bytes; ++c) data += kBytesByCodes[codes[c]];
    const std::size_t left = static_cast<std::size_t>(end - in);
    if (left < data) return false;
    in = decode_words(codes, in, left >= data + 3, previous, 0, words, rows);
    previous = rows;
  }
  return in == end;
}

}  // namespace detail

std::size_t encode_word_deltas(const std::uint32_t* rows, std::size_t records, std::size_t words,
                               std::uint8_t* out) {
#if defined(__x86_64__)
  if (has_ssse3()) return encode_ssse3(rows, records, words, out);
#endif
  return detail::encode_word_deltas_scalar(rows, records, words, out);
}

void encode_word_deltas(const std::uint32_t* rows, std::size_t records, std::size_t words,
                        std::vector<std::uint8_t>& out) {
  const std::size_t at = out.size();
  out.resize(at + max_encoded_bytes(records, words));
  out.resize(at + encode_word_deltas(rows, records, words, out.data() + at));
}

bool decode_word_deltas(const std::uint8_t* in, std::size_t bytes, std::size_t records, std::size_t words,
                        std::uint32_t* rows) {
  const std::uint8_t* const end = in + bytes;
  std::size_t done = 0;
#if defined(__x86_64__)
  if (has_ssse3()) done = decode_ssse3(in, end, records, words, rows);
#endif
  // The block's last records (and a damaged one) one word at a time, with every check.
  const std::uint32_t* previous = done > 0 ? rows + (done - 1) * words : nullptr;
  return detail::decode_word_deltas_scalar(in, end, records - done, words, rows + done * words, previous);
}

}  // namespace basketgap::io
