#include "io/csv/transaction_fast_path.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <cmath>
#include <cstdint>

#include "io/csv/transaction_schema.hpp"

namespace basketgap::io {
namespace {

// Enough for any transactions file this path is meant for; wider files take the general path.
constexpr int kMaxFields = 64;

// Offsets of the commas of `line` into `commas`; false on a quote, a NUL byte, a '\r' or more
// than `max_commas` commas (the general path then reports or accepts the line).
bool find_commas(std::string_view line, int max_commas, std::uint32_t* commas, int& count) {
  const char* p = line.data();
  const std::size_t n = line.size();
  std::size_t i = 0;
  count = 0;
#if defined(__SSE2__)
  const __m128i comma = _mm_set1_epi8(','), quote = _mm_set1_epi8('"'), nul = _mm_setzero_si128(),
                cr = _mm_set1_epi8('\r');
  for (; i + 16 <= n; i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    const __m128i bad =
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, nul)), _mm_cmpeq_epi8(v, cr));
    if (_mm_movemask_epi8(bad)) return false;
    auto mask = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, comma)));
    while (mask) {
      if (count == max_commas) return false;
      commas[count++] = static_cast<std::uint32_t>(i + __builtin_ctz(mask));
      mask &= mask - 1;
    }
  }
#endif
  for (; i < n; ++i) {
    const char c = p[i];
    if (c == ',') {
      if (count == max_commas) return false;
      commas[count++] = static_cast<std::uint32_t>(i);
    } else if (c == '"' || c == '\0' || c == '\r') {
      return false;
    }
  }
  return true;
}

}  // namespace

// Up to 18 digits cannot overflow an int64.
bool plain_integer(std::string_view text, std::int64_t& out) {
  if (text.empty() || text.size() > 18) return false;
  std::int64_t value = 0;
  for (char c : text) {
    const auto digit = static_cast<unsigned>(c - '0');
    if (digit > 9) return false;
    value = value * 10 + digit;
  }
  out = value;
  return true;
}

// [-]digits[.digits] with at most 15 digits: mantissa and power of ten are exact doubles, so
// one division is correctly rounded, the same value from_chars gives.
bool plain_decimal(std::string_view text, double& out) {
  const char* p = text.data();
  const char* const end = p + text.size();
  const bool negative = p != end && *p == '-';
  if (negative) ++p;
  std::uint64_t mantissa = 0;
  int digits = 0, decimals = 0;
  bool dot = false;
  for (; p != end; ++p) {
    const auto digit = static_cast<unsigned>(*p - '0');
    if (digit <= 9) {
      mantissa = mantissa * 10 + digit;
      ++digits;
      decimals += dot;
    } else if (*p == '.' && !dot) {
      dot = true;
    } else {
      return false;
    }
  }
  if (digits == 0 || digits > 15) return false;
  const double value = static_cast<double>(mantissa) / kPowersOfTenDouble[decimals];
  out = negative ? -value : value;
  return true;
}

bool parse_plain_transaction_line(std::string_view line, const ResolvedSchema& schema, TransactionRow& row) {
  if (schema.column_count > kMaxFields || schema.day_format != DayFormat::day_number) return false;
  std::uint32_t commas[kMaxFields];
  int count = 0;
  if (!find_commas(line, schema.column_count - 1, commas, count) || count != schema.column_count - 1)
    return false;
  const auto field = [&](int column) {
    const std::size_t begin = column == 0 ? 0 : commas[column - 1] + 1;
    const std::size_t end = column == count ? line.size() : commas[column];
    return line.substr(begin, end - begin);
  };
  std::int64_t day = 0;
  if (!plain_integer(field(schema.household), row.household) ||
      !plain_integer(field(schema.basket), row.basket) || !plain_integer(field(schema.day), day) ||
      day > kMaxDay || !plain_integer(field(schema.product), row.product))
    return false;
  double quantity = 1, spend = 0;
  if (schema.quantity >= 0 && !plain_decimal(field(schema.quantity), quantity)) return false;
  if (schema.spend >= 0 && !plain_decimal(field(schema.spend), spend)) return false;
  if (quantity <= 0) return false;  // a return line: the general path words the reject
  if (!std::isfinite(static_cast<float>(quantity)) || !std::isfinite(static_cast<float>(spend)))
    return false;  // too large for the float32 columns: the general path rejects it
  row.day = static_cast<std::int32_t>(day);
  row.quantity = static_cast<float>(quantity);
  row.spend = static_cast<float>(spend);
  return true;
}

}  // namespace basketgap::io
