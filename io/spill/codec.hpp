// The block encoding of spill files: records seen as rows of 32-bit words, each word stored as
// the zigzag varint of its difference from the same word of the previous record. Ingest's
// spilled rows change little from one to the next (same household, next basket, next line),
// so a 40-byte record takes ~15 bytes: at 1M households the spills, not the CPU, were what the
// disk could not keep up with.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace basketgap::io {

// The most bytes the encoding of `records` rows of `words` words can take (5 per word).
constexpr std::size_t max_encoded_bytes(std::size_t records, std::size_t words) {
  return records * words * 5;
}

// Writes the encoding of `records` rows of `words` words (row-major) to `out`, which has room
// for max_encoded_bytes(records, words); returns the bytes written.
std::size_t encode_word_deltas(const std::uint32_t* rows, std::size_t records, std::size_t words,
                               std::uint8_t* out);

// Appends the encoding to `out`.
void encode_word_deltas(const std::uint32_t* rows, std::size_t records, std::size_t words,
                        std::vector<std::uint8_t>& out);

// Decodes exactly `records` rows from [in, in + bytes); false when the bytes do not hold them
// exactly (a damaged file).
bool decode_word_deltas(const std::uint8_t* in, std::size_t bytes, std::size_t records, std::size_t words,
                        std::uint32_t* rows);

}  // namespace basketgap::io
