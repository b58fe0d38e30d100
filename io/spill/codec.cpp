#include "io/spill/codec.hpp"

namespace basketgap::io {

std::size_t encode_word_deltas(const std::uint32_t* rows, std::size_t records, std::size_t words,
                               std::uint8_t* out) {
  std::uint8_t* p = out;
  const std::uint32_t* previous = nullptr;
  for (std::size_t r = 0; r < records; ++r, rows += words) {
    for (std::size_t w = 0; w < words; ++w) {
      const std::uint32_t delta = rows[w] - (previous ? previous[w] : 0u);
      std::uint32_t zz = (delta << 1) ^ static_cast<std::uint32_t>(static_cast<std::int32_t>(delta) >> 31);
      while (zz >= 0x80) {
        *p++ = static_cast<std::uint8_t>(zz | 0x80);
        zz >>= 7;
      }
      *p++ = static_cast<std::uint8_t>(zz);
    }
    previous = rows;
  }
  return static_cast<std::size_t>(p - out);
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
  const std::uint32_t* previous = nullptr;
  for (std::size_t r = 0; r < records; ++r, rows += words) {
    for (std::size_t w = 0; w < words; ++w) {
      std::uint32_t zz = 0;
      for (int shift = 0;; shift += 7) {
        if (in == end || shift > 28) return false;
        const std::uint8_t byte = *in++;
        zz |= static_cast<std::uint32_t>(byte & 0x7F) << shift;
        if (!(byte & 0x80)) break;
      }
      const std::uint32_t delta = (zz >> 1) ^ (0u - (zz & 1u));
      rows[w] = (previous ? previous[w] : 0u) + delta;
    }
    previous = rows;
  }
  return in == end;
}

}  // namespace basketgap::io
