// The fast path of parse_transaction_line: a line whose fields are all plain (no quotes, no
// spaces, plain digits, day numbers, quantity > 0) is located with SSE2 and parsed without
// building a field vector. Anything else returns false and takes the general path, which
// decides the outcome and the error message: the fast path only accepts what the general path
// accepts, with the same values. It was ~60% of the parse time.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <utility>

#include "io/csv/transaction_row.hpp"

namespace basketgap::io {

struct ResolvedSchema;

bool parse_plain_transaction_line(std::string_view line, const ResolvedSchema& schema, TransactionRow& row);

// Shared with the general path, so both give the same values for the same text.
bool plain_integer(std::string_view text, std::int64_t& out);
bool plain_decimal(std::string_view text, double& out);

// 10^0..10^15: exact as doubles and as integers, so mantissa / 10^decimals is one correctly
// rounded division (the value from_chars gives) in both fast paths.
inline constexpr std::array<std::uint64_t, 16> kPowersOfTen = [] {
  std::array<std::uint64_t, 16> powers{};
  std::uint64_t power = 1;
  for (auto& p : powers) p = std::exchange(power, power * 10);
  return powers;
}();
inline constexpr std::array<double, 16> kPowersOfTenDouble = [] {
  std::array<double, 16> powers{};
  for (std::size_t i = 0; i < powers.size(); ++i) powers[i] = static_cast<double>(kPowersOfTen[i]);
  return powers;
}();

}  // namespace basketgap::io
