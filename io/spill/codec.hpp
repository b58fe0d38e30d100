// The block encoding of spill files: records seen as rows of 32-bit words, each word stored as
// the zigzag of its difference from the same word of the previous record, in 0, 1, 2 or 4
// little-endian bytes. A record starts with its words' 2-bit length codes, four to a byte, then
// the words' bytes. Ingest's spilled rows change little from one to the next (same household,
// next basket, next line), so most words take no byte at all: a 40-byte record takes ~6-10
// bytes, and four words are encoded or decoded at once with a byte shuffle (the byte-wise
// varint this replaced spent a quarter of ingest's CPU in encoding and decoding).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace basketgap::io {

// The most bytes the encoding of `records` rows of `words` words can take.
// (16 more: the vector path stores whole 16-byte groups.)
constexpr std::size_t max_encoded_bytes(std::size_t records, std::size_t words) {
  return records * ((words + 3) / 4 + 4 * words) + 16;
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

namespace detail {
// The one-word-at-a-time forms (the others use SSSE3 where the CPU has it; same bytes). The
// decoder continues after `previous`, the last decoded row (nullptr at a block's start).
std::size_t encode_word_deltas_scalar(const std::uint32_t* rows, std::size_t records, std::size_t words,
                                      std::uint8_t* out);
bool decode_word_deltas_scalar(const std::uint8_t* in, const std::uint8_t* end, std::size_t records,
                               std::size_t words, std::uint32_t* rows, const std::uint32_t* previous);
}  // namespace detail

}  // namespace basketgap::io
