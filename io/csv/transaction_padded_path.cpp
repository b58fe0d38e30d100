#include "io/csv/transaction_padded_path.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>

#include "io/csv/transaction_fast_path.hpp"
#include "io/csv/transaction_schema.hpp"

#if defined(__x86_64__)
#include <immintrin.h>
#define BASKETGAP_AVX2 __attribute__((target("avx2")))
#define BASKETGAP_AVX2_INLINE __attribute__((target("avx2"), always_inline)) inline
#endif

namespace basketgap::io {
namespace {

#if defined(__x86_64__)

// Loaded at offset `len`, a shuffle that moves the first `len` bytes to the end of a vector and
// zeroes the bytes before them (0x80 selects zero).
alignas(16) constexpr std::uint8_t kRightAlign[32] = {
    0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
    0,    1,    2,    3,    4,    5,    6,    7,    8,    9,    10,   11,   12,   13,   14,   15};

// The value of the 1-16 digits at `text` (16 bytes readable); false on any other byte or length
// (the plain path then decides: it also takes 17 and 18 digits).
BASKETGAP_AVX2_INLINE bool digits_value(const char* text, int len, std::uint64_t& out) {
  if (static_cast<unsigned>(len - 1) >= 16u) return false;
  const __m128i digits =
      _mm_sub_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(text)), _mm_set1_epi8('0'));
  const __m128i nine = _mm_set1_epi8(9);
  const auto is_digit =
      static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_max_epu8(digits, nine), nine)));
  const unsigned wanted = (1u << len) - 1;
  if ((is_digit & wanted) != wanted) return false;
  // Right-aligned in 16 lanes, then pairs, quads and octets of digits summed with their weights.
  const __m128i aligned =
      _mm_shuffle_epi8(digits, _mm_loadu_si128(reinterpret_cast<const __m128i*>(kRightAlign + len)));
  const __m128i pairs = _mm_maddubs_epi16(aligned, _mm_set1_epi16(0x010A));   // 10, 1
  const __m128i quads = _mm_madd_epi16(pairs, _mm_set1_epi32(0x00010064));    // 100, 1
  const __m128i packed = _mm_packs_epi32(quads, quads);                       // each <= 9999
  const __m128i octets = _mm_madd_epi16(packed, _mm_set1_epi32(0x00012710));  // 10000, 1
  const auto high = static_cast<std::uint32_t>(_mm_cvtsi128_si32(octets));
  const auto low = static_cast<std::uint32_t>(_mm_cvtsi128_si32(_mm_srli_si128(octets, 4)));
  out = high * 100000000ull + low;
  return true;
}

// plain_decimal's grammar and value ([-]digits[.digits], 1-15 digits: the mantissa over a power
// of ten) for a field with 16 readable bytes after its sign.
BASKETGAP_AVX2_INLINE bool decimal_value(const char* text, int len, double& out) {
  const bool negative = len > 0 && text[0] == '-';
  text += negative;
  len -= negative;
  if (static_cast<unsigned>(len - 1) >= 16u) return false;
  const auto dots = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(
                        _mm_loadu_si128(reinterpret_cast<const __m128i*>(text)), _mm_set1_epi8('.')))) &
                    ((1u << len) - 1);
  std::uint64_t mantissa = 0;
  int decimals = 0;
  if (dots == 0) {
    if (len > 15 || !digits_value(text, len, mantissa)) return false;
  } else {
    if ((dots & (dots - 1)) != 0 || len == 1 || len > 16) return false;  // two dots; "."; > 15 digits
    const int whole_digits = std::countr_zero(dots);
    decimals = len - whole_digits - 1;
    std::uint64_t whole = 0, fraction = 0;
    if (whole_digits > 0 && !digits_value(text, whole_digits, whole)) return false;
    if (decimals > 0 && !digits_value(text + whole_digits + 1, decimals, fraction)) return false;
    mantissa = whole * kPowersOfTen[decimals] + fraction;
  }
  // A division costs ~15 cycles; over 1e0 it changes nothing (whole quantities, zero spends).
  const double value = decimals == 0 ? static_cast<double>(mantissa)
                                     : static_cast<double>(mantissa) / kPowersOfTenDouble[decimals];
  out = negative ? -value : value;
  return true;
}

BASKETGAP_AVX2_INLINE __m256i any_of(__m256i v, __m256i a, __m256i b, __m256i c) {
  return _mm256_or_si256(_mm256_or_si256(_mm256_cmpeq_epi8(v, a), _mm256_cmpeq_epi8(v, b)),
                         _mm256_cmpeq_epi8(v, c));
}

#define BASKETGAP_MASK64(lo, hi)                                                      \
  (static_cast<std::uint64_t>(static_cast<std::uint32_t>(_mm256_movemask_epi8(lo))) | \
   static_cast<std::uint64_t>(static_cast<std::uint32_t>(_mm256_movemask_epi8(hi))) << 32)

BASKETGAP_AVX2 bool parse_short_line(std::string_view line, const ResolvedSchema& schema,
                                     TransactionRow& row) {
  const std::size_t n = line.size();
  if (n > 64 || schema.day_format != DayFormat::day_number) return false;
  const char* const p = line.data();
  // The line's commas and refused bytes (quote, NUL, CR) as bits of two 32-byte loads.
  const __m256i low = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
  const __m256i high = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 32));
  const __m256i comma = _mm256_set1_epi8(','), quote = _mm256_set1_epi8('"'), cr = _mm256_set1_epi8('\r'),
                nul = _mm256_setzero_si256();
  const std::uint64_t inside = n == 64 ? ~0ull : (1ull << n) - 1;
  std::uint64_t commas =
      BASKETGAP_MASK64(_mm256_cmpeq_epi8(low, comma), _mm256_cmpeq_epi8(high, comma)) & inside;
  const std::uint64_t bad =
      BASKETGAP_MASK64(any_of(low, quote, nul, cr), any_of(high, quote, nul, cr)) & inside;
  const int last = schema.column_count - 1;
  if (bad != 0 || std::popcount(commas) != last) return false;
  // Field bounds up to the last mapped column only.
  const int needed =
      std::max({schema.household, schema.basket, schema.day, schema.product, schema.quantity, schema.spend});
  std::uint8_t begin[64], end[64];
  begin[0] = 0;
  for (int i = 0; i < needed; ++i) {
    const int at = std::countr_zero(commas);
    commas &= commas - 1;
    end[i] = static_cast<std::uint8_t>(at);
    begin[i + 1] = static_cast<std::uint8_t>(at + 1);
  }
  end[needed] = static_cast<std::uint8_t>(needed == last ? n : std::countr_zero(commas));
#define BASKETGAP_FIELD(column) p + begin[column], end[column] - begin[column]
  std::uint64_t household, basket, day, product;
  if (!digits_value(BASKETGAP_FIELD(schema.household), household) ||
      !digits_value(BASKETGAP_FIELD(schema.basket), basket) ||
      !digits_value(BASKETGAP_FIELD(schema.day), day) || day > static_cast<std::uint64_t>(kMaxDay) ||
      !digits_value(BASKETGAP_FIELD(schema.product), product))
    return false;
  double quantity = 1, spend = 0;
  if (schema.quantity >= 0 && !decimal_value(BASKETGAP_FIELD(schema.quantity), quantity)) return false;
  if (schema.spend >= 0 && !decimal_value(BASKETGAP_FIELD(schema.spend), spend)) return false;
#undef BASKETGAP_FIELD
  if (quantity <= 0) return false;  // a return line: the general path words the reject
  if (!std::isfinite(static_cast<float>(quantity)) || !std::isfinite(static_cast<float>(spend))) return false;
  row.household = static_cast<std::int64_t>(household);
  row.basket = static_cast<std::int64_t>(basket);
  row.product = static_cast<std::int64_t>(product);
  row.day = static_cast<std::int32_t>(day);
  row.quantity = static_cast<float>(quantity);
  row.spend = static_cast<float>(spend);
  return true;
}

#undef BASKETGAP_MASK64

bool has_avx2() {
  static const bool yes = __builtin_cpu_supports("avx2");
  return yes;
}

#endif

}  // namespace

bool parse_padded_transaction_line(std::string_view line, const ResolvedSchema& schema, TransactionRow& row) {
#if defined(__x86_64__)
  if (has_avx2() && parse_short_line(line, schema, row)) return true;
#endif
  return parse_plain_transaction_line(line, schema, row);
}

}  // namespace basketgap::io
